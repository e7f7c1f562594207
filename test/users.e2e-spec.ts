import { UsersService } from '../src/users/users.service';
import { UsersError, UsersErrorCode } from '../src/users/users.error';
import { startTestApp, TestApp } from './support/test-app';

describe('users', () => {
  let t: TestApp;
  let users: UsersService;
  const count = async () => Number((await t.dataSource.query('SELECT count(*) AS n FROM users'))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    users = t.app.get(UsersService);
  });
  afterAll(() => t.close());

  it('creates a user with an argon2id password hash and never stores the password', async () => {
    const user = await users.create({
      username: 'Alice',
      email: 'Alice@Example.com',
      password: 'correct horse battery',
      givenName: 'Alice',
      roles: ['admin'],
    });
    const [row] = await t.dataSource.query('SELECT * FROM users WHERE id = $1', [user.id]);
    expect(row.username).toBe('Alice');
    expect(row.email).toBe('Alice@Example.com');
    expect(row.given_name).toBe('Alice');
    expect(row.roles).toEqual(['admin']);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(JSON.stringify(row)).not.toContain('correct horse battery');
  });

  it('finds a user by username or by email, whatever the case', async () => {
    const user = await users.findByLogin('alice');
    expect(user?.username).toBe('Alice');
    expect((await users.findByLogin('ALICE@example.COM'))?.id).toBe(user!.id);
    expect(await users.findByLogin('alice@example')).toBeNull();
    expect((await users.findById(user!.id))?.username).toBe('Alice');
    expect(await users.findById('not-a-uuid')).toBeNull();
  });

  it('authenticates with username or email and the right password only', async () => {
    expect((await users.authenticate('ALICE', 'correct horse battery'))?.username).toBe('Alice');
    expect((await users.authenticate('alice@example.com', 'correct horse battery'))?.username).toBe('Alice');
    expect(await users.authenticate('alice', 'Correct horse battery')).toBeNull();
    expect(await users.authenticate('nobody', 'correct horse battery')).toBeNull();
  });

  it('verifies passwords without a user, doing the work and saying no', async () => {
    const alice = await users.findByLogin('alice');
    expect(await users.verifyPassword(alice, 'correct horse battery')).toBe(true);
    expect(await users.verifyPassword(null, 'correct horse battery')).toBe(false);
  });

  it('refuses a disabled user even with the right password, and accepts them again when enabled', async () => {
    const alice = (await users.findByLogin('alice'))!;
    await users.setDisabled(alice.id, true);
    expect(await users.authenticate('alice', 'correct horse battery')).toBeNull();
    await users.setDisabled(alice.id, false);
    expect(await users.authenticate('alice', 'correct horse battery')).not.toBeNull();
  });

  it('refuses a duplicate username or email, whatever the case, and writes nothing', async () => {
    const before = await count();
    await expect(users.create({ username: 'ALICE', password: 'another password' })).rejects.toMatchObject({
      code: UsersErrorCode.UsernameTaken,
    });
    await expect(users.create({ username: 'alice2', email: 'alice@EXAMPLE.com' })).rejects.toMatchObject({
      code: UsersErrorCode.EmailTaken,
    });
    expect(await count()).toBe(before);
  });

  it('refuses a short password and a malformed email', async () => {
    await expect(users.create({ username: 'bob', password: 'short' })).rejects.toBeInstanceOf(UsersError);
    await expect(users.create({ username: 'bob', email: 'not-an-email' })).rejects.toMatchObject({
      code: UsersErrorCode.InvalidUser,
    });
  });

  it('creates a user without a password who cannot sign in with one', async () => {
    const carol = await users.create({ username: 'carol' });
    expect(carol.passwordHash).toBeNull();
    expect(await users.authenticate('carol', '')).toBeNull();
    await users.setPassword(carol.id, 'a brand new password');
    expect((await users.authenticate('carol', 'a brand new password'))?.id).toBe(carol.id);
  });

  it('refuses a username that is another account’s email, and an email that is another’s username', async () => {
    const before = await count();
    // Alice signs in as alice@example.com: an account named so would take that sign-in over.
    await expect(users.create({ username: 'ALICE@example.com', password: 'mallory password' })).rejects.toMatchObject({
      code: UsersErrorCode.UsernameTaken,
    });
    const dave = await users.create({ username: 'dave@example.com', password: 'dave password' });
    await expect(users.create({ username: 'eve', email: 'Dave@Example.com' })).rejects.toMatchObject({
      code: UsersErrorCode.EmailTaken,
    });
    const eve = await users.create({ username: 'eve', email: 'eve@example.com' });
    await expect(users.update(eve.id, { email: 'dave@example.com' })).rejects.toMatchObject({
      code: UsersErrorCode.EmailTaken,
    });
    await expect(users.update(dave.id, { username: 'EVE@example.com' })).rejects.toMatchObject({
      code: UsersErrorCode.UsernameTaken,
    });
    await expect(
      users.moveToVerifiedEmail(eve.id, 'dave@example.com', { fromEmail: 'eve@example.com', askedAt: new Date() }),
    ).rejects.toMatchObject({
      code: UsersErrorCode.EmailTaken,
    });
    // An account's own username may be its email.
    await users.update(dave.id, { email: 'dave@example.com' });
    expect((await users.findByLogin('dave@example.com'))?.id).toBe(dave.id);
    expect((await users.findByLogin('eve@example.com'))?.id).toBe(eve.id);
    expect(await count()).toBe(before + 2);
  });

  it('prefers the username when rows from before that rule cross', async () => {
    const frank = await users.create({ username: 'frank@example.com', password: 'frank password' });
    const grace = await users.create({ username: 'grace', password: 'grace password' });
    await t.dataSource.query(`UPDATE users SET email = 'frank@example.com' WHERE id = $1`, [grace.id]);
    expect((await users.findByLogin('Frank@example.com'))?.id).toBe(frank.id);
  });

  it('updates claims, leaving fields not given alone, and releases them by claim name', async () => {
    const alice = (await users.findByLogin('alice'))!;
    const updated = await users.update(alice.id, {
      familyName: 'Liddell',
      emailVerified: true,
      address: { locality: 'Oxford', country: 'GB' },
      phoneNumber: null,
    });
    expect(updated.givenName).toBe('Alice');
    expect(updated.familyName).toBe('Liddell');
    expect(
      users.claimsOf(updated, [
        'sub',
        'preferred_username',
        'given_name',
        'family_name',
        'email',
        'email_verified',
        'phone_number',
        'address',
        'updated_at',
      ]),
    ).toEqual({
      sub: alice.id,
      preferred_username: 'Alice',
      given_name: 'Alice',
      family_name: 'Liddell',
      email: 'Alice@Example.com',
      email_verified: true,
      address: { locality: 'Oxford', country: 'GB' },
      updated_at: Math.floor(updated.updatedAt.getTime() / 1000),
    });
  });

  it('refuses to rename a user onto a taken username', async () => {
    const carol = (await users.findByLogin('carol'))!;
    await expect(users.update(carol.id, { username: 'Alice' })).rejects.toMatchObject({
      code: UsersErrorCode.UsernameTaken,
    });
    expect((await users.findById(carol.id))?.username).toBe('carol');
  });

  it('deletes a user, and reports an unknown one', async () => {
    const carol = (await users.findByLogin('carol'))!;
    await users.delete(carol.id);
    expect(await users.findById(carol.id)).toBeNull();
    await expect(users.delete(carol.id)).rejects.toMatchObject({ code: UsersErrorCode.UserNotFound });
    await expect(users.setDisabled(carol.id, true)).rejects.toMatchObject({ code: UsersErrorCode.UserNotFound });
  });
});
