import {
  CurrentUser,
  LoginService,
  Public,
  SESSION_COOKIE,
  StaffUser,
  TooManyLoginAttemptsException,
} from '@app/auth';
import { AppConfig } from '@app/config';
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LoginDto } from './dto/login.dto';
import { SessionUserResponseDto } from './dto/session-user.dto';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionUserResponseDto, description: 'Inloggad; sessionskakan crm_session sätts' })
  @ApiUnauthorizedResponse({ description: 'Fel e-postadress eller lösenord' })
  @ApiTooManyRequestsResponse({ description: 'För många misslyckade försök; se Retry-After' })
  async logIn(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionUserResponseDto> {
    try {
      const result = await this.login.login(dto.email, dto.password, meta(req));
      setSessionCookie(res, this.config, result.token);
      return { user: result.user };
    } catch (err) {
      // The exception filter writes the body; the header has to be set here where the response is at hand.
      if (err instanceof TooManyLoginAttemptsException)
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }

  /** Public and idempotent: logging out without (or with a dead) session still clears the cookie. */
  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Utloggad; sessionen kan inte användas igen' })
  async logOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    await this.login.logout(cookies?.[SESSION_COOKIE], meta(req));
    clearSessionCookie(res, this.config);
  }

  @Get('me')
  @ApiOkResponse({ type: SessionUserResponseDto })
  me(@CurrentUser() staff: StaffUser): SessionUserResponseDto {
    return { user: { id: staff.id, email: staff.email, name: staff.name, role: staff.role } };
  }
}

function meta(req: Request): { ip: string | null; userAgent: string | null } {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}
