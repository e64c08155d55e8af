import { Public, Roles, SessionsService, StaffUser, UserRole } from '@app/auth';
import { AppErrorCode, AppException } from '@app/common';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionGuard } from './session.guard';

@Roles('admin', 'editor')
class WritesController {
  write(): void {}
  @Roles('viewer')
  readOverride(): void {}
}

class OpenController {
  read(): void {}
  @Public()
  health(): void {}
}

const GOOD_TOKEN = 'g'.repeat(43);

/** Stands in for the database-backed SessionsService: one known token for a user of the given role. */
function sessionsFor(role: UserRole): SessionsService {
  const staff: StaffUser = { id: 'u1', email: 'a@example.se', name: 'A', role, sessionId: 's1' };
  return {
    resolve: async (token: unknown) => (token === GOOD_TOKEN ? staff : null),
  } as unknown as SessionsService;
}

function context(cls: object, handler: (...args: never[]) => unknown, cookies: Record<string, string> = {}) {
  const req: { cookies: Record<string, string>; staff?: StaffUser } = { cookies };
  const ctx = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

async function codeOf(p: Promise<unknown>): Promise<AppErrorCode | 'allowed'> {
  try {
    await p;
    return 'allowed';
  } catch (err) {
    if (err instanceof AppException) return err.code;
    throw err;
  }
}

describe('SessionGuard', () => {
  const reflector = new Reflector();
  const withSession = { crm_session: GOOD_TOKEN };

  it('lets @Public() handlers through without a session', async () => {
    const guard = new SessionGuard(reflector, sessionsFor('viewer'));
    const { ctx } = context(OpenController, OpenController.prototype.health);
    expect(await codeOf(guard.canActivate(ctx))).toBe('allowed');
  });

  it('answers UNAUTHENTICATED without a valid session and puts the staff member on the request with one', async () => {
    const guard = new SessionGuard(reflector, sessionsFor('viewer'));
    expect(await codeOf(guard.canActivate(context(OpenController, OpenController.prototype.read).ctx))).toBe(
      AppErrorCode.UNAUTHENTICATED,
    );
    const bad = context(OpenController, OpenController.prototype.read, { crm_session: 'x'.repeat(43) });
    expect(await codeOf(guard.canActivate(bad.ctx))).toBe(AppErrorCode.UNAUTHENTICATED);

    const ok = context(OpenController, OpenController.prototype.read, withSession);
    expect(await codeOf(guard.canActivate(ok.ctx))).toBe('allowed');
    expect(ok.req.staff?.id).toBe('u1');
  });

  it('applies class-level @Roles and lets a handler-level @Roles override it', async () => {
    const viewer = new SessionGuard(reflector, sessionsFor('viewer'));
    const editor = new SessionGuard(reflector, sessionsFor('editor'));
    const admin = new SessionGuard(reflector, sessionsFor('admin'));
    const write = () => context(WritesController, WritesController.prototype.write, withSession).ctx;
    const readOverride = () =>
      context(WritesController, WritesController.prototype.readOverride, withSession).ctx;

    expect(await codeOf(viewer.canActivate(write()))).toBe(AppErrorCode.FORBIDDEN);
    expect(await codeOf(editor.canActivate(write()))).toBe('allowed');
    expect(await codeOf(admin.canActivate(write()))).toBe('allowed');
    expect(await codeOf(viewer.canActivate(readOverride()))).toBe('allowed');
    expect(await codeOf(editor.canActivate(readOverride()))).toBe(AppErrorCode.FORBIDDEN);
    expect(await codeOf(admin.canActivate(readOverride()))).toBe('allowed');
  });

  it('ignores non-HTTP contexts', async () => {
    const guard = new SessionGuard(reflector, sessionsFor('viewer'));
    const ctx = { getType: () => 'rpc' } as unknown as ExecutionContext;
    expect(await guard.canActivate(ctx)).toBe(true);
  });
});
