import { SESSION_COOKIE, UserRole, UsersService } from '@app/auth';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './test-app';

/** The initial admin every test app has (createTestApp sets ADMIN_EMAIL and ADMIN_PASSWORD). */
export const TEST_ADMIN = { email: 'admin@example.se', password: 'admin-losenord-1' } as const;

export type TestAgent = ReturnType<typeof request.agent>;

/**
 * A supertest agent that carries the session cookie on every request, plus the raw `cookie` header value
 * (`crm_session=…`) for use with plain `request(server).get(…).set('Cookie', cookie)`, and the logged-in user.
 */
export type LoggedIn = TestAgent & {
  cookie: string;
  user: { id: string; email: string; name: string; role: UserRole };
};

/**
 * Logs in over HTTP (POST /api/auth/login) and fails the test if that does not answer 200 with a session cookie.
 *
 *   const admin = await loginAs(t.server, TEST_ADMIN.email, TEST_ADMIN.password);
 *   await admin.get('/api/users').expect(200);
 */
export async function loginAs(server: TestApp['server'], email: string, password: string): Promise<LoggedIn> {
  const agent = request.agent(server);
  const res = await agent.post('/api/auth/login').send({ email, password });
  if (res.status !== 200) {
    throw new Error(`Inloggning som ${email} misslyckades: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = setCookie.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!session) throw new Error(`Inloggning som ${email} gav ingen ${SESSION_COOKIE}-kaka`);
  const cookie = session.split(';')[0];
  return Object.assign(agent, { cookie, user: res.body.user as LoggedIn['user'] });
}

/** The initial admin, logged in. */
export function loginAsAdmin(t: TestApp): Promise<LoggedIn> {
  return loginAs(t.server, TEST_ADMIN.email, TEST_ADMIN.password);
}

/**
 * Creates a user with the given role through the real UsersService (Argon2id hash, audited as done by the
 * system) and logs in as that user over HTTP. The email is unique per call unless given.
 *
 *   const viewer = await createUserAndLogin(t, 'viewer');
 *   await viewer.post('/api/contacts').send({...}).expect(403);
 */
export async function createUserAndLogin(
  t: TestApp,
  role: UserRole,
  options: { email?: string; name?: string; password?: string } = {},
): Promise<LoggedIn & { password: string }> {
  const email = options.email ?? `${role}-${randomBytes(4).toString('hex')}@example.se`;
  const password = options.password ?? `losenord-${randomBytes(6).toString('hex')}`;
  await t.app.get(UsersService).create({ email, name: options.name ?? `Test ${role}`, role, password }, {});
  const loggedIn = await loginAs(t.server, email, password);
  return Object.assign(loggedIn, { password });
}
