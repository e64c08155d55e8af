import { PageDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ description: 'Löpnummer (bigint som sträng)' })
  id: string;

  @ApiProperty()
  at: Date;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  actorUserId: string | null;

  @ApiPropertyOptional({ nullable: true })
  actorEmail: string | null;

  @ApiProperty({ example: 'auth.login.succeeded' })
  action: string;

  @ApiPropertyOptional({ nullable: true })
  targetType: string | null;

  @ApiPropertyOptional({ nullable: true })
  targetId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiPropertyOptional({ nullable: true })
  ip: string | null;
}

export class AuditPageDto extends PageDto(AuditEntryDto) {
  @ApiProperty({ nullable: true, type: String, description: 'Samma som nextCursor (äldre namn, för before)' })
  nextBefore: string | null;
}
