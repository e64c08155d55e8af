import { IsSingleLine } from '@app/common';
import { MIN_PASSWORD_LENGTH, USER_ROLES, UserRole } from '@app/auth';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateUserDto {
  @ApiProperty({ example: 'anna@example.se', description: 'Lagras trimmad och med gemener' })
  @IsString()
  @MaxLength(254)
  @IsSingleLine()
  email: string;

  @ApiProperty({ example: 'Anna Andersson' })
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  name: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES, { message: `role måste vara en av: ${USER_ROLES.join(', ')}` })
  role: UserRole;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, format: 'password' })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken` })
  @MaxLength(1024)
  password: string;
}
