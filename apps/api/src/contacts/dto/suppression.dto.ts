import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsSingleLine } from '@app/common';

const REASON_DESCRIPTION = 'Varför (sparas i granskningsloggen, aldrig adressen)';

/** POST /api/contacts/:id/suppression: why the address is blocked by hand. */
export class AddSuppressionDto {
  @ApiProperty({
    maxLength: 500,
    example: 'Bad per telefon att slippa utskick',
    description: REASON_DESCRIPTION,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @IsSingleLine()
  reason: string;
}

/** POST /api/suppressions: block an address that need not belong to a contact. */
export class AddAddressSuppressionDto extends AddSuppressionDto {
  @ApiProperty({ example: 'anna.oberg@exempel.se' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  @IsSingleLine()
  email: string;
}

/** DELETE /api/contacts/:id/suppression: the reason, in the JSON body … */
export class LiftSuppressionBodyDto {
  @ApiPropertyOptional({
    maxLength: 500,
    example: 'Avregistrerade sig av misstag, bad om utskick igen',
    description: `${REASON_DESCRIPTION}. Krävs här eller som ?reason=`,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  @IsSingleLine()
  reason?: string;
}

/** … or as a query parameter, for clients that send no body with DELETE. */
export class LiftSuppressionQueryDto extends LiftSuppressionBodyDto {}
