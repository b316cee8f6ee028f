import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessRulesService } from '../core/access/index.js';
import { SiteService } from '../core/sites/index.js';
import { createCoreKit, type CoreKit } from '../test-kit/core.js';
import { Authorize as Authorize16 } from './v16/Authorize.js';
import { StartTransaction } from './v16/StartTransaction.js';
import { Authorize as Authorize201 } from './v201/Authorize.js';
import { TransactionEvent } from './v201/TransactionEvent.js';

/**
 * The access decider's verdicts as each protocol answers them: 2.0.1 sends every AuthorizationStatus as it
 * is; 1.6 keeps Accepted, Blocked, Expired, Invalid and ConcurrentTx and sends the other refusals as Invalid.
 * Authorize, StartTransaction and TransactionEvent give the same verdict for the same token and place.
 */

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'reject', start: '2026-01-01T10:00:00Z' });
  const sites = new SiteService({ db: kit.database.db, bus: kit.bus, clock: kit.clock });
  const rules = new AccessRulesService({ db: kit.database.db, bus: kit.bus, clock: kit.clock });
  const club = await sites.create({ name: 'Club Garage', timezone: 'Europe/Berlin' });
  const shop = await sites.create({ name: 'Shop', timezone: 'Europe/Berlin' });
  await rules.setForSite(club.id, { mode: 'private', groupIds: ['MEMBERS'] }, 'test');
  // 10:00 UTC is 11:00 in Berlin: the shop opens at noon
  await rules.setForSite(shop.id, { mode: 'schedule', schedule: { thu: [['12:00', '20:00']] } }, 'test');
  for (const [id, version, siteId] of [['AC-16', '1.6', club.id], ['SH-16', '1.6', shop.id], ['AC-201', '2.0.1', club.id], ['SH-201', '2.0.1', shop.id]] as const) {
    await kit.stations.create({ id, siteId });
    await kit.connect(id, version);
  }
  await kit.tokens.add({ token: 'MEMBER-1', groupId: 'MEMBERS' });
  await kit.tokens.add({ token: 'MEMBER-2', groupId: 'MEMBERS', maxConcurrentSessions: 1 });
  await kit.tokens.add({ token: 'VISITOR-1' });
  await kit.tokens.add({ token: 'BUDGET-1', groupId: 'MEMBERS', monthlySessions: 1 });
});
afterAll(async () => {
  await kit.close();
});

const idTag = (station: string, idTagValue: string) => kit.handle('1.6', 'Authorize', Authorize16, station, { idTag: idTagValue });
const idToken = (station: string, token: string) => kit.handle('2.0.1', 'Authorize', Authorize201, station, { idToken: { idToken: token, type: 'ISO14443' } });

describe('Authorize statuses by protocol', () => {
  it('1.6 answers location and time refusals as Invalid', async () => {
    expect(await idTag('AC-16', 'MEMBER-1')).toEqual({ idTagInfo: { status: 'Accepted', parentIdTag: 'MEMBERS' } });
    expect(await idTag('AC-16', 'VISITOR-1')).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect(await idTag('SH-16', 'VISITOR-1')).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect(await idTag('AC-16', 'NOBODY')).toEqual({ idTagInfo: { status: 'Invalid' } });
  });

  it('2.0.1 answers NotAtThisLocation, NotAtThisTime and Unknown', async () => {
    expect(await idToken('AC-201', 'VISITOR-1')).toEqual({ idTokenInfo: { status: 'NotAtThisLocation' } });
    expect(await idToken('SH-201', 'VISITOR-1')).toEqual({ idTokenInfo: { status: 'NotAtThisTime' } });
    expect(await idToken('AC-201', 'NOBODY')).toEqual({ idTokenInfo: { status: 'Unknown' } });
    kit.clock.set('2026-01-01T11:00:00Z');
    expect(await idToken('SH-201', 'VISITOR-1')).toEqual({ idTokenInfo: { status: 'Accepted' } });
    kit.clock.set('2026-01-01T10:00:00Z');
  });
});

describe('starts and transaction events get the same verdict', () => {
  it('1.6 StartTransaction: a refused place is Invalid (the session is flagged); a second running session is ConcurrentTx', async () => {
    const refused = await kit.handle('1.6', 'StartTransaction', StartTransaction, 'AC-16', { connectorId: 1, idTag: 'VISITOR-1', meterStart: 0, timestamp: '2026-01-01T10:00:00Z' });
    expect(refused.idTagInfo).toEqual({ status: 'Invalid' });
    const row = await kit.database.db.selectFrom('sessions').selectAll().where('id', '=', refused.transactionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ auth_status: 'NotAtThisLocation', anomaly: 'unauthorized' });

    expect((await kit.handle('1.6', 'StartTransaction', StartTransaction, 'AC-16', { connectorId: 2, idTag: 'MEMBER-2', meterStart: 0, timestamp: '2026-01-01T10:00:00Z' })).idTagInfo.status).toBe('Accepted');
    expect(await idTag('AC-16', 'MEMBER-2')).toEqual({ idTagInfo: { status: 'ConcurrentTx', parentIdTag: 'MEMBERS' } });
  });

  it('2.0.1 TransactionEvent: a Started event is refused like Authorize; the budget binds only a start', async () => {
    const started = await kit.handle('2.0.1', 'TransactionEvent', TransactionEvent, 'SH-201', {
      eventType: 'Started', seqNo: 0, timestamp: '2026-01-01T10:00:00Z', triggerReason: 'Authorized', evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'VISITOR-1', type: 'ISO14443' }, transactionInfo: { transactionId: 'tx-shop' },
    });
    expect(started).toEqual({ idTokenInfo: { status: 'NotAtThisTime' } });

    const first = await kit.handle('2.0.1', 'TransactionEvent', TransactionEvent, 'AC-201', {
      eventType: 'Started', seqNo: 0, timestamp: '2026-01-01T10:00:00Z', triggerReason: 'Authorized', evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'BUDGET-1', type: 'ISO14443' }, transactionInfo: { transactionId: 'tx-budget' },
    });
    expect(first.idTokenInfo?.status).toBe('Accepted');
    const retried = await kit.handle('2.0.1', 'TransactionEvent', TransactionEvent, 'AC-201', {
      eventType: 'Started', seqNo: 0, timestamp: '2026-01-01T10:00:00Z', triggerReason: 'Authorized', evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'BUDGET-1', type: 'ISO14443' }, transactionInfo: { transactionId: 'tx-budget' },
    });
    expect(retried.idTokenInfo?.status).toBe('Accepted');
    // its own later events still pass (the session it started is this one), a new start is out of budget
    const updated = await kit.handle('2.0.1', 'TransactionEvent', TransactionEvent, 'AC-201', {
      eventType: 'Updated', seqNo: 1, timestamp: '2026-01-01T10:05:00Z', triggerReason: 'MeterValuePeriodic',
      idToken: { idToken: 'BUDGET-1', type: 'ISO14443' }, transactionInfo: { transactionId: 'tx-budget' },
    });
    expect(updated.idTokenInfo?.status).toBe('Accepted');
    expect(await idToken('AC-201', 'BUDGET-1')).toEqual({ idTokenInfo: { status: 'NoCredit', groupIdToken: { idToken: 'MEMBERS', type: 'Central' } } });
    expect(await idTag('AC-16', 'BUDGET-1')).toEqual({ idTagInfo: { status: 'Invalid', parentIdTag: 'MEMBERS' } });
  });

  it('2.0.1 TransactionEvent: a token blocked mid-transaction is answered Blocked', async () => {
    await kit.handle('2.0.1', 'TransactionEvent', TransactionEvent, 'AC-201', {
      eventType: 'Started', seqNo: 0, timestamp: '2026-01-01T10:00:00Z', triggerReason: 'Authorized', evse: { id: 2, connectorId: 1 },
      idToken: { idToken: 'MEMBER-1', type: 'ISO14443' }, transactionInfo: { transactionId: 'tx-member' },
    });
    await kit.tokens.setStatus('MEMBER-1', 'blocked');
    const updated = await kit.handle('2.0.1', 'TransactionEvent', TransactionEvent, 'AC-201', {
      eventType: 'Updated', seqNo: 1, timestamp: '2026-01-01T10:05:00Z', triggerReason: 'MeterValuePeriodic',
      idToken: { idToken: 'MEMBER-1', type: 'ISO14443' }, transactionInfo: { transactionId: 'tx-member' },
    });
    expect(updated).toEqual({ idTokenInfo: { status: 'Blocked', groupIdToken: { idToken: 'MEMBERS', type: 'Central' } } });
  });
});
