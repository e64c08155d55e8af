import { AUDIT_PAGE_MAX } from '@app/audit';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Visa poster äldre än detta id (föregående sidas nextBefore)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before måste vara ett id (heltal)' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit måste vara ett heltal' })
  @Min(1)
  @Max(AUDIT_PAGE_MAX)
  limit?: number;

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
