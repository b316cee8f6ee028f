import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AccessRuleView, SiteView } from '../../src/http/api-types.js';
import { apiClient, type ApiClient } from '../../src/test-kit/api.js';
import { chromiumAvailable, collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../../src/test-kit/browser.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';

const USER = { username: 'access-operator', password: 'a-long-test-password' };
let server: TestServer;
let admin: ApiClient;
let browser: Browser;
let page: Page;
let errors: string[];
let siteId: string;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  ensureWebBuilt();
  server = await startTestServer();
  await server.services.accounts.create({ username: USER.username, role: 'operator', password: USER.password, displayName: null }, null);
  admin = await apiClient(server);
  siteId = (await admin.post<SiteView>('/api/sites', { name: 'Harbour Park', timezone: 'America/New_York' })).body.id;
  expect((await admin.post('/api/stations', { id: 'WEB-ACCESS', siteId })).status).toBe(201);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  errors = collectPageErrors(page);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!chromiumAvailable())('access rules in a real browser', () => {
  it('makes a site private to a group, which its station follows, then gives the station its own schedule', async () => {
    await page.goto(`${server.httpUrl}/sites/${siteId}`);
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Access' }).waitFor();
    errors.length = 0; // the signed-out first visit's 401 is expected
    const form = page.getByRole('form', { name: 'Access rule' });
    await form.getByLabel('Who may charge').selectOption('private');
    await form.getByLabel('Token groups (parent id tags)').fill('FLEET-A, STAFF');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('groups FLEET-A, STAFF').waitFor();
    await page.getByText('Own rule').waitFor();
    await screenshot(page, 'access-01-site');
    expect((await admin.get<AccessRuleView>(`/api/sites/${siteId}/access`)).body).toMatchObject({ mode: 'private', groupIds: ['FLEET-A', 'STAFF'] });

    await page.goto(`${server.httpUrl}/stations/WEB-ACCESS`);
    await page.getByText('From its site').waitFor();
    await form.getByLabel('Who may charge').selectOption('schedule');
    await form.getByLabel('mon').fill('07:00-19:00');
    await form.getByLabel('tue').fill('7-19');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText('tue: write ranges like 07:00-19:00').waitFor();
    await form.getByLabel('tue').fill('07:00-12:00, 13:00-19:00');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Own rule').waitFor();
    await screenshot(page, 'access-02-station');
    expect((await admin.get<AccessRuleView>('/api/stations/WEB-ACCESS/access')).body).toMatchObject({
      mode: 'schedule', source: 'station', schedule: { mon: [['07:00', '19:00']], tue: [['07:00', '12:00'], ['13:00', '19:00']] }, outside: 'nobody',
    });
    expect(errors).toEqual([]);
  });
});
