import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../../src/test-kit/browser.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';

const USER = { username: 'tokens-operator', password: 'a-long-test-password' };
let server: TestServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  ensureWebBuilt();
  server = await startTestServer();
  await server.services.accounts.create({ username: USER.username, role: 'operator', password: USER.password, displayName: null }, null);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1024, height: 800 } })).newPage();
  errors = collectPageErrors(page);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!chromiumAvailable())('drivers and tokens in a real browser', () => {
  it('adds a driver, imports tokens with a rejected-rows report, and edits a token', async () => {
    await page.goto(`${server.httpUrl}/drivers`);
    await page.getByLabel('Username').fill(USER.username);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Drivers & tokens', level: 1 }).waitFor();
    errors.length = 0; // the signed-out first visit's 401 is expected

    await page.getByRole('button', { name: 'New driver' }).click();
    const newDriver = page.getByRole('dialog');
    await newDriver.getByLabel('Name').fill('Jane Doe');
    await newDriver.getByLabel('E-mail').fill('jane@example.com');
    await newDriver.getByRole('button', { name: 'Add driver' }).click();
    await page.getByRole('heading', { name: 'Jane Doe', level: 1 }).waitFor();

    await page.goto(`${server.httpUrl}/drivers/tokens`);
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const importDialog = page.getByRole('dialog');
    await importDialog.getByLabel('Or paste the rows').fill('token,type,group,driver_email\nWEB-CARD-1,ISO14443,DEPOT,jane@example.com\nWEB-PIN,KeyCode,,\nWEB-APP-1,Central,DEPOT,\n');
    await importDialog.getByRole('button', { name: 'Import' }).click();
    const report = page.getByTestId('import-report');
    await report.getByText('2 added, 0 updated, 1 rejected.').waitFor();
    expect(await report.textContent()).toMatch(/3WEB-PIN.*KeyCode/);
    await screenshot(page, 'tokens-01-import-report');
    await importDialog.getByRole('button', { name: 'Done' }).click();

    const table = page.getByTestId('tokens-table');
    await table.getByText('WEB-APP-1').waitFor();
    expect(await table.getByRole('row', { name: /WEB-CARD-1/ }).textContent()).toMatch(/Jane Doe/);
    await table.getByText('WEB-APP-1').click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Status').selectOption('blocked');
    await edit.getByLabel('Sessions at a time').fill('1');
    await edit.getByRole('button', { name: 'Save' }).click();
    await table.getByRole('row', { name: /WEB-APP-1/ }).getByText('blocked').waitFor();
    expect(await table.getByRole('row', { name: /WEB-APP-1/ }).textContent()).toMatch(/1 at a time/);
    expect(await server.services.tokens.get('WEB-APP-1')).toMatchObject({ status: 'blocked', maxConcurrentSessions: 1, groupId: 'DEPOT' });
    await screenshot(page, 'tokens-02-table');
    expect(errors).toEqual([]);
  });
});
