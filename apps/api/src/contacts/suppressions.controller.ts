import { CurrentActor, Roles } from '@app/auth';
import { AuditActor } from '@app/audit';
import { ContactsService } from '@app/crm';
import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AddressSuppressionDto } from './dto/contact-response.dto';
import { AddAddressSuppressionDto } from './dto/suppression.dto';

/** Blocking an address by hand, whether or not a contact has it. Lifting goes through the contact. */
@ApiTags('contacts')
@Controller('api/suppressions')
export class SuppressionsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @Roles('admin', 'editor')
  @ApiOperation({
    summary:
      'Spärra en adress för hand (orsak manual), även en som ingen kontakt har; loggas med skälet men ' +
      'utan adressen',
  })
  @ApiCreatedResponse({ type: AddressSuppressionDto })
  @ApiBadRequestResponse({ description: 'Ogiltig e-postadress eller skäl saknas' })
  @ApiConflictResponse({ description: 'Adressen är redan spärrad' })
  create(
    @Body() dto: AddAddressSuppressionDto,
    @CurrentActor() actor: AuditActor,
  ): Promise<AddressSuppressionDto> {
    return this.contacts.suppressAddress(dto.email, dto.reason, actor);
  }
}
