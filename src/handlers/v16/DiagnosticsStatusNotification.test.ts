import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { DiagnosticsStatusNotification } from './DiagnosticsStatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-G');
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 DiagnosticsStatusNotification', () => {
  it('records the upload status and raises station.diagnostics', async () => {
    expect(await kit.handle('1.6', 'DiagnosticsStatusNotification', DiagnosticsStatusNotification, 'CP-G', { status: 'Uploaded' })).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CP-G').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'diagnostics', status: 'Uploaded' });
    expect(kit.events.find((e) => e.type === 'station.diagnostics')?.data).toMatchObject({ status: 'Uploaded' });
  });
});
