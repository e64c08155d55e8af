import { EXPORT_FORMATS, ExportFormat } from '@app/crm';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ContactFilterQueryDto, filterOf } from '../contacts/dto/contact-filter-query.dto';

/** The export's query: the format and the same filters as the contact list. */
export class ExportContactsQueryDto extends ContactFilterQueryDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export { filterOf as toContactFilter };
