import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes into a self-describing scrypt string with a random salt', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('s3cret-Station-Pass');
    expect(await verifyPassword('s3cret-Station-Pass', hash)).toBe(true);
    expect(await verifyPassword('s3cret-station-pass', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('verifies hashes made with other cost parameters', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('pw', salt, 24, { N: 1024, r: 4, p: 2 });
    const hash = ['scrypt', 1024, 4, 2, salt.toString('base64url'), key.toString('base64url')].join('$');
    expect(await verifyPassword('pw', hash)).toBe(true);
    expect(await verifyPassword('pW', hash)).toBe(false);
  });

  it('answers false for malformed or foreign hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'bcrypt$2$x$y$z$w', 'scrypt$x$8$1$abc$def', 'scrypt$16384$8$1$$', 'scrypt$99999999$8$1$abc$def']) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });
});
