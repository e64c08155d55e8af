import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Deliberately not @IsEmail: a malformed address gets the same 401 as an unknown one (and admin@localhost is valid here). */
export class LoginDto {
  @ApiProperty({ example: 'anna@example.se' })
  @IsString()
  @MinLength(1, { message: 'Ange e-postadress' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1, { message: 'Ange lösenord' })
  @MaxLength(1024)
  password: string;
}
