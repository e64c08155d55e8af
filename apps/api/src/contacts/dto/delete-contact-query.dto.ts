import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { toBool } from './query-transforms';

export class DeleteContactQueryDto {
  @ApiPropertyOptional({
    description:
      'GDPR-radering: kontakten och dess listmedlemskap tas bort och en hashad spärr sparas så att en ' +
      'senare import inte tar tillbaka personen i utskick',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  erase?: boolean;
}
