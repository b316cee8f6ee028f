import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../../src/test-kit/browser.js';
import { signedPost } from '../../src/test-kit/signed-request.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';

const ADMIN = { username: 'security-admin', password: 'a-long-test-password' };
const CAMERA_SECRET = { value: '' };
let sourceId = '';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  ensureWebBuilt();
  server = await startTestServer();
  await server.services.accounts.create({ username: ADMIN.username, role: 'admin', password: ADMIN.password }, null);
  await server.services.stations.create({ id: 'WEB-SEC' });
  const created = await server.http.fastify.inject({
    method: 'POST', url: '/api/security-sources', headers: { authorization: `Bearer ${(await server.services.accounts.apiTokens.create({ name: 'setup', role: 'admin' }, null)).token}` },
    payload: { name: 'Gate NVR', cameras: [{ cameraId: 'gate-1', siteId: null, stationIds: ['WEB-SEC'] }] },
  });
  const body = created.json() as { id: string; secret: string };
  sourceId = body.id;
  CAMERA_SECRET.value = body.secret;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(width: number, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const errors = collectPageErrors(page);
  await page.goto(`${server.httpUrl}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  errors.length = 0; // the signed-out first visit's 401 is expected
  return { page, errors };
}

const camera = (eventType: string) => signedPost(server.http.fastify, '/api/integrations/security-events',
  JSON.stringify({ source: sourceId, cameraId: 'gate-1', eventType, at: new Date().toISOString() }), { secret: CAMERA_SECRET.value, atS: Math.floor(Date.now() / 1000) });

describe.skipIf(!chromiumAvailable())('security pages in a real browser', () => {
  it.each([1440, 820])('the station Security tab follows the story live (%ipx)', async (width) => {
    const { page, errors } = await signedIn(width, '/stations/WEB-SEC');
    await page.getByRole('tab', { name: 'Security' }).click();
    const timeline = page.getByTestId('security-timeline').or(page.getByText(/No security events/));
    await timeline.first().waitFor();
    await server.services.stations.securityEvent('WEB-SEC', { type: 'TamperDetectionActivated', timestamp: new Date(), techInfo: `lid ${width}` });
    expect((await camera('motion')).status).toBe(201);
    await page.getByText(`Security event TamperDetectionActivated (lid ${width})`).waitFor();
    await page.getByText('Camera gate-1 (Gate NVR): motion').first().waitFor();
    await screenshot(page, `security-timeline-${width}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the Security page lists events and shows a new source secret once; the Audit page filters', async () => {
    const { page, errors } = await signedIn(1280, '/security');
    await page.getByTestId('security-events-table').getByText('TamperDetectionActivated').first().waitFor();
    await page.getByTestId('camera-events-table').getByText('gate-1').first().waitFor();
    await page.getByLabel('New source').fill('Door sensors');
    await page.getByRole('button', { name: 'Add source' }).click();
    const secret = page.locator('.secret-box .mono.strong');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^cwsec_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByTestId('security-source-Door sensors').waitFor();
    await screenshot(page, 'security-page');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-table').getByText('security_source.created').first().waitFor();
    await page.getByLabel('Result').selectOption('refused');
    await page.getByTestId('audit-table').waitFor({ state: 'detached' }).catch(() => undefined);
    await page.getByLabel('Result').selectOption('ok');
    await page.getByTestId('audit-table').getByText('auth.login').first().waitFor();
    await screenshot(page, 'audit-page');
    expect(errors).toEqual([]);
    await page.close();
  });
});
