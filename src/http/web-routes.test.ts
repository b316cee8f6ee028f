import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebRoutes } from './web-routes.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-web-'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function app(webDir: string): Promise<FastifyInstance> {
  const fastify = Fastify();
  fastify.get('/api/known', { config: { roles: 'public' } }, async () => ({ ok: true }));
  await registerWebRoutes(fastify, { webDir });
  await fastify.ready();
  return fastify;
}

const html = { accept: 'text/html,application/xhtml+xml' };

describe('the web app routes', () => {
  it('serves built files, index.html for client-side pages, and 404 for the rest', async () => {
    const f = await app(join(dir, 'dist'));
    const index = await f.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('id="root"');
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = await f.inject({ url: '/assets/app-1234.js' });
    expect(asset.body).toBe('console.log(1)');
    expect(asset.headers['cache-control']).toContain('immutable');
    const page = await f.inject({ url: '/stations/CP-1?tab=log', headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="root"');
    expect((await f.inject({ url: '/missing.png' })).statusCode).toBe(404);
    expect((await f.inject({ url: '/api/unknown', headers: html })).json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await f.inject({ url: '/api/known' })).json()).toEqual({ ok: true });
    expect((await f.inject({ url: '/../secret.txt', headers: html })).body).not.toContain('outside');
    expect((await f.inject({ url: '/%2e%2e/secret.txt' })).body).not.toContain('outside');
    expect((await f.inject({ url: '/%E0%A4%A' })).statusCode).toBe(400);
    await f.close();
  });

  it('says how to build the web app when it is not built', async () => {
    const f = await app(join(dir, 'nothing-here'));
    const res = await f.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build');
    expect((await f.inject({ url: '/stations', headers: html })).body).toContain('npm run build');
    expect((await f.inject({ url: '/app.js' })).statusCode).toBe(404);
    await f.close();
  });
});
