import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SimStation } from '../../src/sim/index.js';
import { chromiumAvailable, collectPageErrors, ensureWebBuilt, launchChromium, screenshot } from '../../src/test-kit/browser.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

const USER = { username: 'list-operator', password: 'a-long-test-password' };

let server: TestServer;
let browser: Browser;
let sim: SimStation;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  ensureWebBuilt();
  server = await startTestServer({ localListBatchMs: 100, localListSettleMs: 50 });
  await server.services.accounts.create({ username: USER.username, role: 'operator', password: USER.password, displayName: 'List Operator' }, null);
  for (const token of ['WEB-TAG-1', 'WEB-TAG-2', 'WEB-TAG-3']) await server.services.tokens.add({ token });
  sim = new SimStation(testStationOptions(server.stationUrl, 'WEB-LL', '2.0.1', { localList: { perMessage: 2 } }));
  await sim.start();
  await waitUntil(() => sim.localList.version > 0 || undefined, 10_000, 'first sync');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sim?.stop();
  await server?.close();
});

async function signedIn(width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const errors = collectPageErrors(page);
  await page.goto(`${server.httpUrl}/login?next=/stations/WEB-LL`);
  await page.getByLabel('Username').fill(USER.username);
  await page.getByLabel('Password').fill(USER.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  return { page, errors };
}

describe.skipIf(!chromiumAvailable())('the local list panel in a real browser', () => {
  it.each([1440, 820])('shows versions and state, checks and syncs with the station\'s answer, and follows pushes live (%ipx)', async (width) => {
    const { page, errors } = await signedIn(width);
    const panel = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Local list' }) });
    await panel.getByText('In sync').waitFor();
    await panel.getByRole('button', { name: 'Check version' }).click();
    await panel.getByRole('status').filter({ hasText: /Station reports version \d+; ours is \d+ — in sync/ }).waitFor();
    await panel.getByRole('button', { name: 'Send full list' }).click();
    await panel.getByRole('status').filter({ hasText: /Station answered Accepted \(\d+ messages?, full\)/ }).waitFor();
    // A token added elsewhere reaches the station as a differential and the panel by the live stream.
    const before = sim.localList.size;
    await server.services.tokens.add({ token: `WEB-NEW-${width}` });
    await panel.getByText(String(before + 1), { exact: true }).waitFor();
    expect(sim.localList.statusOf(`WEB-NEW-${width}`, Date.now())).toBe('Accepted');
    await screenshot(page, `local-list-panel-${width}`);
    // The login page's probe of the session answers 401 before signing in.
    expect(errors.filter((e) => !/Failed to load resource: .* 401/.test(e))).toEqual([]);
    await page.close();
  });
});
