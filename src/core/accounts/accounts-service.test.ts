import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/clock.js';
import { sequentialIds } from '../shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { silentLogger } from '../../test-kit/logger.js';
import { AccountsService, ensureInitialAdmin, LastAdminError, TooManyAttemptsError, UnauthenticatedError, type Principal } from './index.js';

const HOUR = 3_600_000;
let db: TestDatabase;
let clock: FakeClock;
let accounts: AccountsService;
const actor: Principal = { kind: 'user', id: 'root', name: 'root', role: 'admin' };
const here = { ip: '10.0.0.1' };

beforeAll(async () => {
  clock = new FakeClock('2026-01-01T00:00:00Z');
  db = await createTestDatabase(clock);
  accounts = new AccountsService({ db: db.db, clock, ids: sequentialIds('acc'), logger: silentLogger });
});
afterAll(async () => db.close());

async function auditActions(target?: string): Promise<string[]> {
  const rows = await accounts.audit(target ? { target } : {});
  return rows.map((r) => r.action);
}

describe('users', () => {
  it('hashes passwords with argon2id and never returns the hash', async () => {
    const { user, password } = await accounts.create({ username: 'Alice', role: 'operator', password: 'correct horse battery' }, actor);
    expect(password).toBeUndefined();
    expect(user).not.toHaveProperty('passwordHash');
    const row = await db.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('correct horse');
    expect(await auditActions(user.id)).toEqual(['user.created']);
  });

  it('treats usernames case-insensitively and refuses duplicates', async () => {
    await expect(accounts.create({ username: 'ALICE', role: 'viewer', password: 'another password' }, actor)).rejects.toMatchObject({ code: 'conflict', status: 409 });
    expect((await accounts.find('aLiCe'))?.username).toBe('Alice');
  });

  it('enforces the password policy and valid roles', async () => {
    await expect(accounts.create({ username: 'bob', role: 'viewer', password: '123456789' }, actor)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(accounts.create({ username: 'bob', role: 'root' as never, password: '1234567890' }, actor)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(accounts.create({ username: 'has space', role: 'viewer', password: '1234567890' }, actor)).rejects.toMatchObject({ code: 'invalid_request' });
    expect((await accounts.create({ username: 'bob', role: 'viewer', password: '1234567890' }, actor)).user.role).toBe('viewer');
  });

  it('generates a one-time password when none is given', async () => {
    const { user, password } = await accounts.create({ username: 'carol', role: 'technician' }, actor);
    expect(password).toBeTruthy();
    expect(user.mustChangePassword).toBe(true);
    const login = await accounts.sessions.login('carol', password!, here);
    expect(login.user.mustChangePassword).toBe(true);
  });
});

describe('last admin guard', () => {
  it('refuses to demote, disable or delete the last enabled admin, and allows it when another exists', async () => {
    const a = (await accounts.create({ username: 'admin-a', role: 'admin', password: 'admin-a-password' }, actor)).user;
    await expect(accounts.update(a.id, { role: 'operator' }, actor)).rejects.toBeInstanceOf(LastAdminError);
    await expect(accounts.update(a.id, { disabled: true }, actor)).rejects.toBeInstanceOf(LastAdminError);
    await expect(accounts.remove(a.id, actor)).rejects.toBeInstanceOf(LastAdminError);
    await expect(accounts.setDisabledByName('ADMIN-A', true, null)).rejects.toMatchObject({ code: 'last_admin', status: 409 });
    const b = (await accounts.create({ username: 'admin-b', role: 'admin', password: 'admin-b-password' }, actor)).user;
    expect((await accounts.update(a.id, { role: 'operator' }, actor)).role).toBe('operator');
    await expect(accounts.update(b.id, { disabled: true }, actor)).rejects.toBeInstanceOf(LastAdminError);
    expect((await accounts.update(b.id, { displayName: 'Bea' }, actor)).displayName).toBe('Bea');
    expect(await accounts.hasActiveAdmin()).toBe(true);
  });
});

describe('sessions', () => {
  it('logs in, authenticates by cookie token, and stores only its hash', async () => {
    await accounts.create({ username: 'dave', role: 'viewer', password: 'dave-password' }, actor);
    const login = await accounts.sessions.login('DAVE', 'dave-password', here);
    const principal = await accounts.sessions.authenticate(login.sessionToken);
    expect(principal).toMatchObject({ kind: 'user', name: 'dave', role: 'viewer', csrfToken: login.csrfToken });
    const stored = await db.db.selectFrom('user_sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(login.sessionToken);
    expect(await accounts.sessions.authenticate('nonsense')).toBeUndefined();
    expect((await accounts.find('dave'))?.lastLoginAt).toBe(clock.now().toISOString());
  });

  it('refuses wrong passwords, unknown and disabled users alike, and audits each failure', async () => {
    const eve = (await accounts.create({ username: 'eve', role: 'viewer', password: 'eve-password' }, actor)).user;
    await expect(accounts.sessions.login('eve', 'wrong-password', here)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(accounts.sessions.login('nobody', 'whatever-password', here)).rejects.toBeInstanceOf(UnauthenticatedError);
    await accounts.update(eve.id, { disabled: true }, actor);
    await expect(accounts.sessions.login('eve', 'eve-password', here)).rejects.toMatchObject({ status: 401, message: 'invalid username or password' });
    const failures = (await accounts.audit({ action: 'auth.login_failed' })).map((r) => [r.actorName, r.detail.reason]);
    expect(failures).toEqual(expect.arrayContaining([['eve', 'wrong password'], ['nobody', 'unknown user'], ['eve', 'disabled']]));
  });

  it('slides the idle expiry up to the absolute one', async () => {
    await accounts.create({ username: 'frank', role: 'operator', password: 'frank-password' }, actor);
    const { sessionToken } = await accounts.sessions.login('frank', 'frank-password', here);
    const start = clock.nowMs();
    clock.advance(11 * HOUR);
    expect(await accounts.sessions.authenticate(sessionToken)).toBeDefined();
    clock.advance(11 * HOUR);
    expect(await accounts.sessions.authenticate(sessionToken)).toBeDefined(); // 22 h after login: the expiry slid
    while (clock.nowMs() + 11 * HOUR < start + 7 * 24 * HOUR) {
      clock.advance(11 * HOUR);
      expect(await accounts.sessions.authenticate(sessionToken)).toBeDefined();
    }
    clock.set(start + 7 * 24 * HOUR);
    expect(await accounts.sessions.authenticate(sessionToken)).toBeUndefined();
  });

  it('expires after 12 idle hours', async () => {
    const { sessionToken } = await accounts.sessions.login('frank', 'frank-password', here);
    clock.advance(12 * HOUR - 1000);
    expect(await accounts.sessions.authenticate(sessionToken)).toBeDefined();
    clock.advance(12 * HOUR);
    expect(await accounts.sessions.authenticate(sessionToken)).toBeUndefined();
  });

  it('reads the role fresh, and ends sessions on logout, disable and password reset', async () => {
    const gina = (await accounts.create({ username: 'gina', role: 'viewer', password: 'gina-password' }, actor)).user;
    const one = await accounts.sessions.login('gina', 'gina-password', here);
    await accounts.update(gina.id, { role: 'technician' }, actor);
    expect((await accounts.sessions.authenticate(one.sessionToken))?.role).toBe('technician');
    const principal = (await accounts.sessions.authenticate(one.sessionToken))!;
    await accounts.sessions.logout(one.sessionToken, principal);
    expect(await accounts.sessions.authenticate(one.sessionToken)).toBeUndefined();

    const two = await accounts.sessions.login('gina', 'gina-password', here);
    await accounts.resetPassword('gina', 'gina-new-password', null);
    expect(await accounts.sessions.authenticate(two.sessionToken)).toBeUndefined();
    const three = await accounts.sessions.login('gina', 'gina-new-password', here);
    await accounts.update(gina.id, { disabled: true }, actor);
    expect(await accounts.sessions.authenticate(three.sessionToken)).toBeUndefined();
    expect(await auditActions(gina.id)).toEqual(expect.arrayContaining(['auth.login', 'auth.logout', 'user.password_reset', 'user.updated']));
  });

  it('lets a user change their own password, keeping only the current session', async () => {
    const { password } = await accounts.create({ username: 'hank', role: 'driver' }, actor);
    const current = await accounts.sessions.login('hank', password!, here);
    const other = await accounts.sessions.login('hank', password!, here);
    const principal = (await accounts.sessions.authenticate(current.sessionToken))!;
    await expect(accounts.sessions.changePassword(principal, 'not-the-password', 'hank-new-password')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(accounts.sessions.changePassword(principal, password!, 'short')).rejects.toMatchObject({ code: 'invalid_request' });
    await accounts.sessions.changePassword(principal, password!, 'hank-new-password');
    expect(await accounts.sessions.authenticate(current.sessionToken)).toBeDefined();
    expect(await accounts.sessions.authenticate(other.sessionToken)).toBeUndefined();
    expect((await accounts.find('hank'))?.mustChangePassword).toBe(false);
  });
});

describe('login rate limit', () => {
  it('blocks a username after 5 failures in 15 minutes, even with the right password, then lets it in again', async () => {
    await accounts.create({ username: 'ivan', role: 'viewer', password: 'ivan-password' }, actor);
    for (let i = 0; i < 5; i++) {
      await expect(accounts.sessions.login('ivan', `wrong-${i}-password`, { ip: `10.1.0.${i}` })).rejects.toBeInstanceOf(UnauthenticatedError);
      clock.advance(60_000);
    }
    const blocked = await accounts.sessions.login('IVAN', 'ivan-password', { ip: '10.1.1.1' }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(TooManyAttemptsError);
    // The first failure was 5 minutes ago: it leaves the window in 10 minutes.
    expect((blocked as TooManyAttemptsError).retryAfterS).toBe(600);
    clock.advance(600_000);
    expect((await accounts.sessions.login('ivan', 'ivan-password', { ip: '10.1.1.1' })).user.username).toBe('ivan');
    // A success clears the username's count.
    await expect(accounts.sessions.login('ivan', 'wrong-again-pw', { ip: '10.1.1.1' })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await accounts.sessions.login('ivan', 'ivan-password', { ip: '10.1.1.1' })).user.username).toBe('ivan');
  });

  it('blocks an address after 20 failures across usernames', async () => {
    for (let i = 0; i < 20; i++) {
      await expect(accounts.sessions.login(`spray-${i}`, 'some-password', { ip: '10.9.9.9' })).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    await expect(accounts.sessions.login('dave', 'dave-password', { ip: '10.9.9.9' })).rejects.toBeInstanceOf(TooManyAttemptsError);
    expect((await accounts.sessions.login('dave', 'dave-password', { ip: '10.9.9.10' })).user.username).toBe('dave');
  });
});

describe('API tokens', () => {
  it('creates cw_ tokens stored as hashes, authenticates them, throttles lastUsedAt, and revokes them', async () => {
    const owner = (await accounts.create({ username: 'token-owner', role: 'operator', password: 'owner-password' }, actor)).user;
    const creator: Principal = { kind: 'user', id: owner.id, name: owner.username, role: 'admin' };
    const created = await accounts.apiTokens.create({ name: 'scraper', role: 'viewer' }, creator);
    expect(created.createdBy).toBe(owner.id);
    expect(created.token).toMatch(/^cw_/);
    const row = await db.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(created.token);
    expect(await accounts.apiTokens.authenticate(created.token)).toEqual({ kind: 'token', id: created.id, name: 'scraper', role: 'viewer' });
    const firstUse = clock.now().toISOString();
    clock.advance(30_000);
    await accounts.apiTokens.authenticate(created.token);
    let view = (await accounts.apiTokens.list()).find((t) => t.id === created.id)!;
    expect(view.lastUsedAt).toBe(firstUse);
    clock.advance(31_000);
    await accounts.apiTokens.authenticate(created.token);
    view = (await accounts.apiTokens.list()).find((t) => t.id === created.id)!;
    expect(view.lastUsedAt).toBe(clock.now().toISOString());

    expect(await accounts.apiTokens.authenticate(`${created.token}x`)).toBeUndefined();
    expect(await accounts.apiTokens.authenticate('Bearer-less')).toBeUndefined();
    const revoked = await accounts.apiTokens.revoke(created.id, actor);
    expect(revoked.revokedAt).toBe(clock.now().toISOString());
    expect(await accounts.apiTokens.authenticate(created.token)).toBeUndefined();
    await expect(accounts.apiTokens.revoke('missing', actor)).rejects.toMatchObject({ status: 404 });
    await expect(accounts.apiTokens.create({ name: '', role: 'viewer' }, actor)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await auditActions(created.id)).toEqual(['api_token.revoked', 'api_token.created']);
  });
});

describe('first run', () => {
  it('creates admin with a one-time password only when no enabled admin exists', async () => {
    const fresh = await createTestDatabase(clock);
    try {
      const service = new AccountsService({ db: fresh.db, clock, ids: sequentialIds('first'), logger: silentLogger });
      const created = await ensureInitialAdmin(service);
      expect(created?.username).toBe('admin');
      expect((await service.find('admin'))?.mustChangePassword).toBe(true);
      expect((await service.sessions.login('admin', created!.password, here)).user.role).toBe('admin');
      expect(await ensureInitialAdmin(service)).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
