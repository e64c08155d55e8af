import { PageQueryDto } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const ENTRY_ID = /^\d{1,18}$/;

/** Paging (newest first) and filters of the audit log. */
export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    pattern: ENTRY_ID.source,
    description: 'nextCursor från föregående sida (ett post-id): äldre poster följer',
  })
  @Matches(ENTRY_ID, { message: 'cursor måste vara ett id (heltal)' })
  declare cursor?: string;

  @ApiPropertyOptional({ description: 'Samma som cursor (äldre namn; föregående sidas nextBefore)' })
  @IsOptional()
  @Matches(ENTRY_ID, { message: 'before måste vara ett id (heltal)' })
  before?: string;

  @ApiPropertyOptional({ description: 'Början av händelsen, t.ex. "auth." eller "user.created"' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'actorUserId måste vara ett uuid' })
  actorUserId?: string;
}
