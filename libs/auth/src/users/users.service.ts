import {
  AppException,
  decodeKeysetCursor,
  encodeKeysetCursor,
  isValidEmail,
  normaliseEmail,
  Page,
  pageLimit,
  PageQuery,
  pageTotalOf,
  takePage,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { PasswordHasher } from '../passwords/password-hasher';
import { passwordWeakness } from '../passwords/password-strength';
import { SessionsService } from '../sessions/sessions.service';
import { User, UserRole } from './user.entity';
import { toUserView, UserView } from './user-view';

export interface CreateUserInput {
  email: string;
  name: string;
  role: UserRole;
  password: string;
}

export interface UpdateUserInput {
  name?: string;
  role?: UserRole;
  active?: boolean;
  password?: string;
}

/** Serialises every change that could remove the last active admin, across processes. */
const ADMIN_CHANGE_LOCK = `hashtext('crm:users:admins')`;

/** Staff accounts. Admin-only at the HTTP edge; every change is audited in the same transaction. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** Staff accounts by email, keyset-paged on (email, id), with their total. */
  async list(query: PageQuery = {}): Promise<Page<UserView>> {
    const limit = pageLimit(query.limit);
    const all = this.users.createQueryBuilder('u');
    const qb = all
      .clone()
      .orderBy('u.email', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(limit + 1);
    if (query.cursor) {
      const [email, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      qb.where('(u.email, u.id) > (:email, CAST(:id AS uuid))', { email, id });
    }
    const [rows, total] = await Promise.all([qb.getMany(), pageTotalOf(all)]);
    const page = takePage(rows, limit, (last) => encodeKeysetCursor([last.email, last.id]));
    return { items: page.rows.map(toUserView), nextCursor: page.nextCursor, ...total };
  }

  async get(id: string): Promise<UserView> {
    return toUserView(await this.mustFind(this.users.manager, id));
  }

  /** For login only: the user with the password hash, by normalised email. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  async create(input: CreateUserInput, actor: AuditActor): Promise<UserView> {
    const email = normaliseEmail(input.email);
    if (!isValidEmail(email))
      throw AppException.validation(`Ogiltig e-postadress: ${input.email}`, { field: 'email' });
    this.checkPassword(input.password, { email, name: input.name });
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (m) => {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [email, input.name.trim(), input.role, passwordHash],
      );
      if (rows.length === 0) {
        throw AppException.conflict(`Det finns redan en användare med e-postadressen ${email}`, {
          field: 'email',
        });
      }
      const user = await this.mustFind(m, rows[0].id);
      await this.audit.record(
        {
          action: 'user.created',
          actor,
          targetType: 'user',
          targetId: user.id,
          details: { email: user.email, name: user.name, role: user.role },
        },
        m,
      );
      return toUserView(user);
    });
  }

  async update(id: string, input: UpdateUserInput, actor: AuditActor): Promise<UserView> {
    if (input.password !== undefined) {
      const current = await this.mustFind(this.users.manager, id);
      this.checkPassword(input.password, { email: current.email, name: input.name ?? current.name });
    }
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : undefined;
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`);
      const before = await this.mustFind(m, id, true);
      const changes: Record<string, unknown> = {};
      const patch: Partial<User> = {};
      if (input.name !== undefined && input.name.trim() !== before.name) {
        patch.name = input.name.trim();
        changes.name = { from: before.name, to: patch.name };
      }
      if (input.role !== undefined && input.role !== before.role) {
        patch.role = input.role;
        changes.role = { from: before.role, to: input.role };
      }
      if (input.active !== undefined && input.active !== before.active) {
        patch.active = input.active;
        changes.active = { from: before.active, to: input.active };
      }
      if (passwordHash !== undefined) {
        patch.passwordHash = passwordHash;
        changes.password = 'ändrat';
      }
      if (Object.keys(patch).length === 0) return toUserView(before);

      const losesAdmin =
        before.role === 'admin' && before.active && (patch.role !== undefined || patch.active === false);
      if (losesAdmin) await this.assertAnotherActiveAdmin(m, id);

      await m.getRepository(User).update({ id }, patch);
      // A deactivated user or a changed password must not keep old sessions alive.
      if (patch.active === false || patch.passwordHash !== undefined)
        await this.sessions.revokeAllForUser(id, m);
      await this.audit.record(
        {
          action: patch.active === false ? 'user.deactivated' : 'user.updated',
          actor,
          targetType: 'user',
          targetId: id,
          details: { email: before.email, changes },
        },
        m,
      );
      return toUserView(await this.mustFind(m, id));
    });
  }

  /** Soft delete: the account stays for the audit trail but can no longer log in. */
  deactivate(id: string, actor: AuditActor): Promise<UserView> {
    return this.update(id, { active: false }, actor);
  }

  private async assertAnotherActiveAdmin(m: EntityManager, exceptId: string): Promise<void> {
    const rows: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active AND id <> $1`,
      [exceptId],
    );
    if (rows[0].n === 0) {
      throw AppException.conflict(
        'Det måste finnas minst en aktiv administratör: skapa eller aktivera en annan administratör först',
      );
    }
  }

  /** Long enough and not guessable from common passwords or the person's own address and name (zxcvbn). */
  private checkPassword(password: string, personal: { email: string; name: string }): void {
    const weakness = passwordWeakness(password, personal);
    if (weakness) throw AppException.validation(`password: ${weakness}`, { field: 'password' });
  }

  private async mustFind(m: EntityManager, id: string, lock = false): Promise<User> {
    const user = await m.getRepository(User).findOne({
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!user) throw AppException.notFound('Användaren', id);
    return user;
  }
}
