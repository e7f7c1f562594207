import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { EntityRows } from '../database/entity-rows';
import { violatedUniqueConstraint } from '../database/postgres-errors';
import { preparedQuery } from '../database/prepared-statement';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { claimsOf, type ClaimsUser } from './user-claims';
import { userFilterSql, type UserFilter } from './user-filter';
import type { CreateUserInput, UpdateUserInput, UserProfileInput } from './user-input';
import { assertValidPassword, assertValidProfile, assertValidUsername } from './user-input.validation';
import { UsersError, UsersErrorCode } from './users.error';

export interface UserListQuery {
  offset?: number;
  limit?: number;
  /** Matches anywhere in username, email or name, case-insensitively. */
  search?: string;
}

const MAX_PAGE = 100;

const TAKEN: Record<string, [UsersErrorCode, string]> = {
  users_username_lower_key: [UsersErrorCode.UsernameTaken, 'username is already taken'],
  users_email_lower_key: [UsersErrorCode.EmailTaken, 'email is already used by another account'],
};

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  private entityRows?: EntityRows<User>;
  private rows(): EntityRows<User> {
    return (this.entityRows ??= new EntityRows(this.users.manager.connection, User, 'u'));
  }

  async create(input: CreateUserInput): Promise<User> {
    assertValidUsername(input.username);
    assertValidProfile(input);
    if (input.password !== undefined) assertValidPassword(input.password);
    const user = this.users.create({
      ...profileFields(input),
      username: input.username,
      disabled: input.disabled ?? false,
      selfRegistered: input.selfRegistered ?? false,
      passwordHash: input.password === undefined ? null : await this.hasher.hash(input.password),
    });
    return this.saveUnique(user);
  }

  /** Users matching a directory filter (SCIM), oldest first, with the number matching. */
  async search(
    filter: UserFilter | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: User[]; total: number }> {
    const query = this.users.createQueryBuilder('u');
    if (filter) {
      const { sql, params } = userFilterSql(filter);
      query.where(sql, params);
    }
    const [items, total] = await query
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id')
      .skip(offset)
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  /** The provisioning system's id of a user (SCIM externalId); null clears it. */
  async setExternalId(id: string, externalId: string | null): Promise<void> {
    if (externalId !== null && (typeof externalId !== 'string' || externalId.length > 255))
      throw new UsersError(UsersErrorCode.InvalidUser, 'externalId must be a string of at most 255 characters');
    await this.users.update({ id }, { externalId });
  }

  /**
   * Whether the user is still as `seen` (enabled, the same address and password), keeping the row
   * so (FOR SHARE) until `transaction` ends: a change (disabling, a new password or address)
   * waits for the transaction, so what it writes is there for whatever the change retires.
   */
  async holdUnchanged(seen: Pick<User, 'id' | 'email' | 'passwordHash'>, transaction: EntityManager): Promise<boolean> {
    const rows = (await transaction.query(
      `SELECT 1 FROM users WHERE id = $1 AND NOT disabled
          AND email IS NOT DISTINCT FROM $2 AND password_hash IS NOT DISTINCT FROM $3
        FOR SHARE`,
      [seen.id, seen.email, seen.passwordHash],
    )) as unknown[];
    return rows.length > 0;
  }

  /** On every signed-in page and most grants: a prepared statement (src/database/entity-rows.ts). */
  async findById(id: string): Promise<User | null> {
    if (!isUuid(id)) return null;
    const rows = this.rows();
    return rows.one(
      await preparedQuery(
        this.users.manager.connection,
        'users_by_id',
        `SELECT ${rows.selectList} FROM users u WHERE u.id = $1`,
        [id],
      ),
    );
  }

  /**
   * A user by username or email, case-insensitively, through the lower() unique indexes. No
   * account's username is another's email (saveUnique); for rows from before that rule, the
   * username wins: it is what was chosen to sign in.
   */
  async findByLogin(login: string): Promise<User | null> {
    if (typeof login !== 'string') return null;
    const rows = this.rows();
    return rows.one(
      await preparedQuery(
        this.users.manager.connection,
        'users_by_login',
        `SELECT ${rows.selectList} FROM users u
          WHERE lower(u.username) = lower($1) OR lower(u.email) = lower($1)
          ORDER BY lower(u.username) = lower($1) DESC LIMIT 1`,
        [login],
      ),
    );
  }

  /** The user whose email this is, case-insensitively (the lower() unique index makes it at most one). */
  findByEmail(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  /** Whether the password is the user's; the same argon2 work is done for a missing user or hash. */
  verifyPassword(user: User | null, password: string): Promise<boolean> {
    return this.hasher.verify(user?.passwordHash, password);
  }

  /**
   * The user these credentials sign in, or null for an unknown login, a wrong password or a
   * disabled account alike: every case does the same lookup and the same password check.
   */
  async authenticate(login: string, password: string): Promise<User | null> {
    return this.authenticateFound(await this.findByLogin(login), password);
  }

  /** authenticate() for a login already looked up (findByLogin): null when `user` is null, with the same work. */
  async authenticateFound(user: User | null, password: string): Promise<User | null> {
    const matches = await this.verifyPassword(user, password);
    if (!user || !matches || user.disabled) return null;
    const rehashed = this.hasher.needsRehash(user.passwordHash!) ? await this.hasher.rehash(password) : undefined;
    if (rehashed) {
      user.passwordHash = rehashed;
      await this.users.update({ id: user.id }, { passwordHash: rehashed });
    }
    return user;
  }

  async setPassword(id: string, password: string): Promise<void> {
    assertValidPassword(password);
    const passwordHash = await this.hasher.hash(password);
    await this.updateExisting(id, { passwordHash });
  }

  async update(id: string, changes: UpdateUserInput): Promise<User> {
    const user = await this.require(id);
    // A username or address sent back as it is (a SCIM PUT) passes, even one stored before
    // today's rules; a new one must meet them.
    const sameEmail = typeof changes.email === 'string' && sameAddress(changes.email, user.email);
    assertValidProfile(sameEmail ? { ...changes, email: undefined } : changes);
    if (changes.username !== undefined && changes.username !== user.username) assertValidUsername(changes.username);
    const fields = profileFields(changes);
    // OIDC Core §5.1: email_verified (phone_number_verified) speaks of this address (number); a
    // new one is unverified unless the same change says otherwise.
    const emailChanged = fields.email !== undefined && !sameAddress(fields.email, user.email);
    if (emailChanged) fields.emailVerified ??= false;
    if (fields.phoneNumber !== undefined && fields.phoneNumber !== user.phoneNumber)
      fields.phoneNumberVerified ??= false;
    Object.assign(user, fields);
    if (changes.username !== undefined) user.username = changes.username;
    return this.saveUnique(user, emailChanged);
  }

  /**
   * Marks the email verified when it is still `email` (a link mailed to an address the user has
   * since changed proves nothing about the new one). Whether it was marked.
   */
  async markEmailVerified(id: string, email: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update()
      .set({ emailVerified: true })
      .where('id = :id AND lower(email) = lower(:email)', { id, email })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * The user's new address, proven by a link sent to it at `askedAt`, verified: only while the
   * account is enabled and has kept `fromEmail` (any case) since then (email_changed_at: an
   * address changed away and back counts as changed), in one conditional UPDATE, so that an
   * administrator's change landing meanwhile is neither missed nor overwritten. In `outer`, the
   * caller's transaction, when given. Whether it moved; throws EmailTaken when another account has
   * the address.
   */
  async moveToVerifiedEmail(
    id: string,
    email: string,
    from: { fromEmail: string | null; askedAt: Date },
    outer?: EntityManager,
  ): Promise<boolean> {
    assertValidProfile({ email });
    return this.withUniqueLogins(outer ?? this.users.manager, { id, username: null, email }, async (manager) => {
      const [, moved] = (await manager.query(
        `UPDATE users SET email = $2, email_verified = true, email_changed_at = now(), updated_at = now()
          WHERE id = $1 AND NOT disabled AND lower(email) IS NOT DISTINCT FROM lower($3)
            AND (email_changed_at IS NULL OR email_changed_at < $4)`,
        [id, email, from.fromEmail, from.askedAt],
      )) as [unknown, number];
      return moved > 0;
    });
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.updateExisting(id, { disabled });
  }

  async delete(id: string): Promise<void> {
    const result = isUuid(id) ? await this.users.delete({ id }) : { affected: 0 };
    if (!result.affected) throw notFound(id);
  }

  async list(query: UserListQuery = {}): Promise<{ users: User[]; total: number }> {
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(query.limit ?? 20)));
    const qb = this.users.createQueryBuilder('u').orderBy('lower(u.username)', 'ASC').addOrderBy('u.id', 'ASC');
    if (query.search) {
      const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.where('(u.username ILIKE :pattern OR u.email ILIKE :pattern OR u.name ILIKE :pattern)', { pattern });
    }
    const [users, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return { users, total };
  }

  /** OIDC Core §5.1 claims of a user, see claimsOf. */
  claimsOf(user: ClaimsUser, claimNames: Iterable<string>): Record<string, unknown> {
    return claimsOf(user, claimNames);
  }

  private async require(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw notFound(id);
    return user;
  }

  private async updateExisting(id: string, fields: Partial<Pick<User, 'passwordHash' | 'disabled'>>): Promise<void> {
    const result = isUuid(id) ? await this.users.update({ id }, fields) : { affected: 0 };
    if (!result.affected) throw notFound(id);
  }

  /**
   * Saves a user whose username and email are taken by no other account, in either column: one
   * account's username being another's email would let whoever sets usernames (SCIM, the admin
   * API) take over the other's sign-in by email (findByLogin). The lock keeps two writes from
   * crossing each other between the check and the save. `emailChanged`: the address is another
   * one, which retires the changes of address asked for from the old one (email_changed_at).
   */
  private saveUnique(user: User, emailChanged = false): Promise<User> {
    return this.withUniqueLogins(this.users.manager, user, async (manager) => {
      const saved = await manager.save(user);
      if (emailChanged) await manager.query(`UPDATE users SET email_changed_at = now() WHERE id = $1`, [saved.id]);
      return saved;
    });
  }

  /**
   * `write`, in a transaction of `on` (a savepoint in a caller's), under the logins lock, once no
   * other account has this username as its email or this email as its username; a unique
   * violation is UsernameTaken or EmailTaken.
   */
  private async withUniqueLogins<T>(
    on: EntityManager,
    logins: { id?: string; username: string | null; email: string | null },
    write: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await on.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('users.logins'))`);
        const [crossed] = (await manager.query(
          `SELECT lower(username) = lower($2) AS email_is_username FROM users
            WHERE id IS DISTINCT FROM $3 AND (lower(email) = lower($1) OR lower(username) = lower($2)) LIMIT 1`,
          [logins.username, logins.email ?? null, logins.id ?? null],
        )) as { email_is_username: boolean }[];
        if (crossed?.email_is_username) throw new UsersError(...TAKEN.users_email_lower_key);
        if (crossed) throw new UsersError(...TAKEN.users_username_lower_key);
        return await write(manager);
      });
    } catch (error) {
      if (error instanceof UsersError) throw error;
      const taken = TAKEN[violatedUniqueConstraint(error) ?? ''];
      if (taken) throw new UsersError(...taken);
      throw error;
    }
  }
}

/** Only the profile fields that were given, so an update leaves the others alone. */
function profileFields(input: UserProfileInput): Partial<User> {
  const fields: Partial<User> = {};
  const keys = [
    'email',
    'emailVerified',
    'name',
    'givenName',
    'familyName',
    'middleName',
    'nickname',
    'profile',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'phoneNumber',
    'phoneNumberVerified',
    'address',
    'picture',
    'locale',
    'roles',
  ] as const;
  for (const key of keys) if (input[key] !== undefined) Object.assign(fields, { [key]: input[key] });
  return fields;
}

function sameAddress(a: string | null, b: string | null): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Postgres rejects a malformed uuid with an error; a malformed id is simply no user.
function isUuid(id: string): boolean {
  return UUID.test(id);
}

function notFound(id: string): UsersError {
  return new UsersError(UsersErrorCode.UserNotFound, `no user ${id}`);
}
