import { PageQueryDto } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsSingleLine } from '@app/common';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const ENTRY_ID = /^\d{1,18}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TARGET_TYPE = /^[a-z][a-z_]{0,49}$/;

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

  @ApiPropertyOptional({
    pattern: TARGET_TYPE.source,
    example: 'user',
    description:
      'Vad posten gäller, exakt: user, contact, contacts, organization, import, campaign, mailing, template, ' +
      'round, meeting, outreach_send, queue',
  })
  @IsOptional()
  @Matches(TARGET_TYPE, {
    message: 'targetType får bara ha små bokstäver och understreck, t.ex. user eller meeting',
  })
  targetType?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Id för det posten gäller, exakt (t.ex. ett uuid)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  targetId?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-03-01',
    description: 'Första dagen (svensk tid, Europe/Stockholm) vars poster tas med',
  })
  @IsOptional()
  @Matches(DAY, { message: 'from måste vara ett datum som 2026-03-01' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-03-31',
    description: 'Sista dagen (svensk tid, Europe/Stockholm) vars poster tas med, hela dagen',
  })
  @IsOptional()
  @Matches(DAY, { message: 'to måste vara ett datum som 2026-03-31' })
  to?: string;
}
