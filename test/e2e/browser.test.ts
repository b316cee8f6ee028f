import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SimStation } from '../../src/sim/index.js';
import type { SiteView } from '../../src/http/api-types.js';
import { apiClient } from '../../src/test-kit/api.js';
import { chromiumAvailable, collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../../src/test-kit/browser.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

const FLEET: Array<[string, '1.6' | '2.0.1']> = [['WEB-A16', '1.6'], ['WEB-B16', '1.6'], ['WEB-C201', '2.0.1']];
const USER = { username: 'web-operator', password: 'a-long-test-password' };

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
const sims = new Map<string, SimStation>();

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  ensureWebBuilt();
  server = await startTestServer();
  await server.services.accounts.create({ username: USER.username, role: 'operator', password: USER.password, displayName: 'Web Operator' }, null);
  for (const [id, version] of FLEET) {
    const sim = new SimStation(testStationOptions(server.stationUrl, id, version, { connectors: 2, timeScale: 60, meterIntervalS: 30 }));
    sims.set(id, sim);
    await sim.start();
  }
  const admin = await apiClient(server);
  const site = await admin.post<SiteView>('/api/sites', { name: 'Harbour Park', address: '12 Quay Street' });
  expect(site.status).toBe(201);
  expect((await admin.patch('/api/stations/WEB-C201', { siteId: site.body.id })).status).toBe(200);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  errors = collectPageErrors(page);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await Promise.all([...sims.values()].map((s) => s.stop()));
  await server?.close();
});

const url = (path: string) => `${server.httpUrl}${path}`;
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const until = (check: () => Promise<boolean>, what: string, timeoutMs = 10_000) => waitUntil(check, timeoutMs, what);
const sim = (id: string) => sims.get(id)!;

// CI installs Debian's Chromium and always runs this; elsewhere it runs when Chromium is installed.
describe.skipIf(!chromiumAvailable())('the operator dashboard in a real browser', () => {
  it('sends a signed-out visitor to the login page and refuses a wrong password', async () => {
    await page.goto(url('/stations'));
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await screenshot(page, '01-login-error');
  });

  it('logs in and lands where the visitor wanted to go', async () => {
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Stations', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/stations');
  });

  it('shows the demo fleet on the overview, with the live stream connected', async () => {
    await nav('Overview').click();
    const summary = page.getByTestId('summary');
    await summary.waitFor();
    await until(async () => (await summary.locator('.stat-value').first().textContent()) === '3', 'three stations in the summary');
    await page.locator('[data-live="live"]').waitFor();
    const available = page.locator('.legend li[data-status="Available"] .legend-value');
    await until(async () => (await available.textContent()) === '6', 'six Available connectors');
    await screenshot(page, '02-overview');
  });

  it('lists every station in the stations table', async () => {
    await nav('Stations').click();
    for (const [id] of FLEET) await page.locator(`[data-station="${id}"]`).waitFor();
    expect(await page.locator('.tbody-scroll [data-station]').count()).toBe(3);
    await screenshot(page, '03-stations');
  });

  it('filters the table by protocol', async () => {
    const rows = page.locator('.tbody-scroll [data-station]');
    await page.getByLabel('Protocol').selectOption('2.0.1');
    await until(async () => (await rows.count()) === 1, 'one 2.0.1 station');
    expect(await page.locator('.tbody-scroll [data-station]').first().getAttribute('data-station')).toBe('WEB-C201');
    await page.getByLabel('Protocol').selectOption('');
    await until(async () => (await rows.count()) === 3, 'all stations again');
  });

  it('opens a station and sees a fault arrive live, without a reload', async () => {
    await page.locator('[data-station="WEB-A16"] a').click();
    await page.getByTestId('station-header').waitFor();
    const badge = page.locator('[data-connector="1/1"] .badge');
    await until(async () => (await badge.getAttribute('data-status')) === 'Available', 'connector 1 Available');
    await page.evaluate('window.marker = 42');

    sim('WEB-A16').injectFault(1, 'GroundFailure');
    await until(async () => (await badge.getAttribute('data-status')) === 'Faulted', 'connector 1 Faulted');
    expect(await badge.textContent()).toBe('Faulted');
    expect(await page.locator('[data-connector="1/1"] .connector-error').textContent()).toContain('GroundFailure');
    expect(await page.evaluate('window.marker')).toBe(42);
    await screenshot(page, '04-station-faulted');

    sim('WEB-A16').clearFault(1);
    await until(async () => (await badge.getAttribute('data-status')) === 'Available', 'connector 1 Available again');
  });

  it('sends a soft Reset after confirmation and shows the station\'s answer', async () => {
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset WEB-A16' });
    await dialog.waitFor();
    await dialog.getByLabel('Kind').selectOption('soft');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByTestId('command-status').waitFor({ timeout: 15_000 });
    expect(await dialog.getByTestId('command-status').textContent()).toBe('Accepted');
    await screenshot(page, '05-reset-answer');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('shows the station\'s message log, filtered by action', async () => {
    await page.getByRole('tab', { name: 'Message log' }).click();
    await page.getByLabel('Action').fill('BootNotification');
    const actions = page.locator('.messages tbody tr td:nth-child(4)');
    await until(async () => {
      const cells = await actions.allTextContents();
      return cells.length > 0 && cells.every((c) => c === 'BootNotification');
    }, 'only BootNotification rows');
    await screenshot(page, '06-message-log');
  });

  it('reads the configuration from the station and changes a key', async () => {
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByRole('button', { name: 'Read from station' }).click();
    const row = page.locator('tr[data-key="HeartbeatInterval"]');
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change HeartbeatInterval' });
    await dialog.getByLabel('New value').fill('120');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByTestId('command-status').waitFor({ timeout: 10_000 });
    expect(await dialog.getByTestId('command-status').textContent()).toBe('Accepted');
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    expect(await row.locator('td').nth(1).textContent()).toBe('120');
    await screenshot(page, '07-configuration');
  });

  it('follows a charging session live and draws its chart', async () => {
    await waitUntil(() => sim('WEB-B16').booted, 10_000, 'WEB-B16 booted');
    expect(sim('WEB-B16').plugIn(1, { idToken: 'WEB-TAG', socStart: 20, capacityWh: 60_000, targetSoc: 100, departAfterS: 1e9 })).toBe(true);
    await page.goto(url('/stations/WEB-B16'));
    const sessionLink = page.locator('[data-connector="1/1"] a', { hasText: 'Session #' });
    await sessionLink.waitFor({ timeout: 15_000 });
    await until(async () => !['0.0 kW', '—'].includes((await page.getByTestId('station-power').textContent()) ?? '—'), 'live station power', 15_000);
    await screenshot(page, '08-station-charging');
    await sessionLink.click();
    await page.getByTestId('session-state').waitFor();
    expect(await page.getByTestId('session-state').textContent()).toBe('Charging');
    const chart = page.locator('.chart canvas');
    await chart.waitFor({ timeout: 15_000 });
    const energy = page.locator('.stat-value').first();
    const before = await energy.textContent();
    await until(async () => (await energy.textContent()) !== before, 'energy rising live', 15_000);
    await until(async () => /^Full at .+, in /.test((await page.getByTestId('session-eta').textContent()) ?? ''), 'live time to full', 15_000);
    await screenshot(page, '09-session-chart');
  });

  it('lists sessions', async () => {
    await nav('Sessions').click();
    await page.locator('tr[data-session]').first().waitFor();
    await screenshot(page, '10-sessions');
  });

  it('lists sites and opens one with its stations', async () => {
    await nav('Sites').click();
    await page.getByRole('link', { name: 'Harbour Park' }).click();
    await page.getByRole('heading', { name: 'Harbour Park', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'WEB-C201' }).waitFor();
    await page.getByTestId('site-power').waitFor();
    await screenshot(page, '11-site');
  });

  it('fits a tablet screen', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await nav('Overview').click();
    await page.getByTestId('summary').waitFor();
    await screenshot(page, '12-overview-tablet');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('asks a user who must change their password for a new one before anything else', async () => {
    await server.services.accounts.create({ username: 'web-new', role: 'viewer', password: 'first-password-1', mustChangePassword: true }, null);
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await fresh.newPage();
    await other.goto(url('/'));
    await other.getByLabel('Username').fill('web-new');
    await other.getByLabel('Password').fill('first-password-1');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await other.getByLabel('Current password').fill('first-password-1');
    await other.getByLabel('New password', { exact: true }).fill('second-password-2');
    await other.getByLabel('Repeat new password').fill('second-password-2');
    await other.getByRole('button', { name: 'Save password' }).click();
    await other.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await fresh.close();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('logged no console errors', () => {
    // The browser itself logs every 401 answer (signed-out check, wrong password): those are expected.
    expect(errors.filter((e) => !/Failed to load resource: .* 401/.test(e))).toEqual([]);
  });
});
