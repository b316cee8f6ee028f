import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SimStation } from '../../src/sim/index.js';
import { apiClient } from '../../src/test-kit/api.js';
import { chromiumAvailable, collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../../src/test-kit/browser.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

const USER = { username: 'health-operator', password: 'a-long-test-password' };
const STATION = 'HEALTH-1';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let sim: SimStation;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  ensureWebBuilt();
  server = await startTestServer();
  await server.services.accounts.create({ username: USER.username, role: 'operator', password: USER.password, displayName: 'Health Operator' }, null);
  sim = new SimStation(testStationOptions(server.stationUrl, STATION, '1.6', { connectors: 2, timeScale: 60 }));
  await sim.start();
  await waitUntil(() => server.services.live.station(STATION)?.connectors.every((c) => c.status === 'Available'), 10_000, 'station online and available');
  // A quick ladder, so the test sees the whole path in seconds: ask for the status, then reset.
  const admin = await apiClient(server);
  const rule = await admin.put('/api/alert-rules/connector_faulted', { remediation: { enabled: true, steps: [{ action: 'trigger_status', afterS: 0 }, { action: 'soft_reset', afterS: 1 }] } });
  expect(rule.status).toBe(200);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  errors = collectPageErrors(page);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sim?.stop();
  await server?.close();
});

const url = (path: string) => `${server.httpUrl}${path}`;

// CI installs Debian's Chromium and always runs this; elsewhere it runs when Chromium is installed.
describe.skipIf(!chromiumAvailable())('health monitoring in a real browser', () => {
  it('shows a simulated fault as an incident live, remediates it with a reset, and resolves it', async () => {
    await page.goto(url('/login?next=/health'));
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Health', exact: true }).waitFor();
    await page.locator('.live-state[data-live="live"]').waitFor();

    // A fault the station's reboot fixes appears on the open health page without a reload.
    sim.injectFault(1, 'GroundFailure', { clearedByReset: true });
    const faultedAt = performance.now();
    const row = page.locator('tr[data-incident]', { hasText: 'GroundFailure' });
    await row.waitFor({ timeout: 10_000 });
    const seenMs = performance.now() - faultedAt;
    expect(seenMs).toBeGreaterThan(0);
    await expect(row.textContent()).resolves.toContain(STATION);
    await screenshot(page, 'health-incident-open');

    // The incident page follows the ladder live: status request, soft reset (Accepted), then resolved.
    await row.getByRole('link', { name: /Faulted/ }).click();
    const timeline = page.getByTestId('incident-timeline');
    await timeline.waitFor();
    await timeline.locator('[data-kind="remediation"]', { hasText: /reset/i }).waitFor({ timeout: 30_000 });
    await timeline.locator('[data-kind="resolved"]').waitFor({ timeout: 30_000 });
    await expect(timeline.locator('[data-kind="remediation"]').allTextContents()).resolves.toEqual([
      expect.stringMatching(/Accepted/), expect.stringMatching(/Accepted/),
    ]);
    await screenshot(page, 'health-incident-resolved');
    expect(sim.connectorState(1).status).toBe('Available');

    // Back on the health page the incident is gone from the unresolved list.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Health/ }).click();
    await page.getByRole('heading', { name: 'Health', exact: true }).waitFor();
    await waitUntil(async () => (await page.locator('tr[data-incident]', { hasText: 'GroundFailure' }).count()) === 0, 10_000, 'resolved incident gone from the list');
    // The signed-out start answers 401 to "who am I"; nothing else may fail.
    expect(errors.filter((e) => !/Failed to load resource: .* 401/.test(e))).toEqual([]);
  }, 90_000);
});
