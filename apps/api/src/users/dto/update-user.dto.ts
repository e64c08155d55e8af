import { IsSingleLine } from '@app/common';
import { MIN_PASSWORD_LENGTH, USER_ROLES, UserRole } from '@app/auth';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Every field optional; the email cannot be changed (create a new user instead). */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES, { message: `role måste vara en av: ${USER_ROLES.join(', ')}` })
  role?: UserRole;

  @ApiPropertyOptional({ description: 'false inaktiverar användaren och avslutar hennes sessioner' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, format: 'password' })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken` })
  @MaxLength(1024)
  password?: string;
}
