import { PartialType } from '@nestjs/swagger';
import { CreateOrganizationDto } from './create-organization.dto';

/** Every field optional; renaming also updates what contact search matches. */
export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto) {}
