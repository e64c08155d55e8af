import { USER_ROLES, UserRole } from '@app/auth';
import { ApiProperty } from '@nestjs/swagger';

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;
}

/** Body of login and of /api/auth/me. */
export class SessionUserResponseDto {
  @ApiProperty({ type: SessionUserDto })
  user: SessionUserDto;
}
