import { PageDto } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ description: 'Löpnummer (bigint som sträng)' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  at: Date;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorUserId: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorEmail: string | null;

  @ApiProperty({ example: 'auth.login.succeeded' })
  action: string;

  @ApiProperty({ type: String, nullable: true })
  targetType: string | null;

  @ApiProperty({ type: String, nullable: true })
  targetId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;
}

export class AuditPageDto extends PageDto(AuditEntryDto) {
  @ApiProperty({ nullable: true, type: String, description: 'Samma som nextCursor (äldre namn, för before)' })
  nextBefore: string | null;
}
