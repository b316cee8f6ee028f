import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SessionView, SiteView } from '../../src/http/api-types.js';
import { SimStation } from '../../src/sim/index.js';
import { apiClient, type ApiClient } from '../../src/test-kit/api.js';
import { chromiumAvailable, collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../../src/test-kit/browser.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

const USER = { username: 'tariff-operator', password: 'a-long-test-password' };
let server: TestServer;
let admin: ApiClient;
let browser: Browser;
let page: Page;
let errors: string[];
let sim: SimStation;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  ensureWebBuilt();
  server = await startTestServer();
  await server.services.accounts.create({ username: USER.username, role: 'operator', password: USER.password, displayName: null }, null);
  admin = await apiClient(server);
  const site = await admin.post<SiteView>('/api/sites', { name: 'Tariff Park', timezone: 'Europe/Berlin' });
  expect((await admin.post('/api/stations', { id: 'WEB-TARIFF', siteId: site.body.id })).status).toBe(201);
  sim = new SimStation(testStationOptions(server.stationUrl, 'WEB-TARIFF', '2.0.1', { timeScale: 120, meterIntervalS: 30 }));
  await sim.start();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  errors = collectPageErrors(page);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  await server?.close();
});

describe.skipIf(!chromiumAvailable())('tariffs and session cost in a real browser', () => {
  it('creates a tariff with a time-of-day variant and assigns it to a site', async () => {
    await page.goto(`${server.httpUrl}/tariffs`);
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Tariffs', level: 1 }).waitFor();
    errors.length = 0; // the signed-out first visit's 401 is expected
    await page.getByRole('button', { name: 'New tariff' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Park standard');
    await dialog.getByLabel('VAT %').fill('19');
    await dialog.getByLabel('Per kWh').first().fill('0.39');
    await dialog.getByLabel('Session fee').fill('0.50');
    await dialog.getByRole('button', { name: 'Add variant' }).click();
    await dialog.getByLabel('Per kWh').nth(1).fill('0.49');
    await screenshot(page, 'tariffs-01-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const table = page.getByTestId('tariffs');
    await table.getByText('Park standard').waitFor();
    expect(await table.textContent()).toMatch(/1 time-of-day variant/);
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByTestId('tariff-assignments').getByText('Site: Tariff Park').waitFor();
    await screenshot(page, 'tariffs-02-list');
  });

  it('shows the cost so far on a running session and the final cost after the stop', async () => {
    expect(sim.plugIn(1, { idToken: 'WEB-TAG', socStart: 20, capacityWh: 60_000, targetSoc: 100, departAfterS: 1e9 })).toBe(true);
    const session = await waitUntil(async () => (await admin.get<{ items: SessionView[] }>('/api/sessions?stationId=WEB-TARIFF&state=active')).body.items[0], 5000, 'session');
    await page.goto(`${server.httpUrl}/sessions/${session.id}`);
    await page.getByRole('heading', { name: 'Cost so far' }).waitFor();
    await page.getByTestId('session-cost-total').waitFor();
    expect(await page.getByTestId('session-cost').textContent()).toMatch(/Park standard \(version 1\)/);
    await screenshot(page, 'tariffs-03-cost-so-far');
    expect(sim.stopCharging(1)).toBe(true);
    await page.getByRole('heading', { name: 'Cost', exact: true }).waitFor({ timeout: 20_000 });
    const final = (await admin.get<SessionView>(`/api/sessions/${session.id}`)).body.cost!;
    const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');
    expect(digits(await page.getByTestId('session-cost-total').textContent())).toBe(digits(final.total.toFixed(2)));
    await screenshot(page, 'tariffs-04-final-cost');
    expect(errors).toEqual([]);
  });
});
