import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { SiteService } from '../sites/index.js';
import { TariffService } from './tariffs-service.js';

let kit: CoreKit;
let tariffs: TariffService;
let siteId: string;

beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  tariffs = new TariffService({ db: kit.database.db, bus: kit.bus, clock: kit.clock, logger: silentLogger });
  siteId = (await new SiteService({ db: kit.database.db, bus: kit.bus, clock: kit.clock }).create({ name: 'Depot', timezone: 'Europe/Berlin' })).id;
  await kit.stations.create({ id: 'TS-SITE', siteId });
  await kit.stations.create({ id: 'TS-OTHER' });
  await kit.tokens.add({ token: 'fleet-card', groupId: 'fleet' });
});
afterAll(async () => kit.close());

const plain = (name: string, energyPerKwh: number) => ({ name, currency: 'eur', vatPercent: 19, components: { energyPerKwh } });

describe('tariffs', () => {
  it('creates with defaults, versions every change and keeps old versions, archives', async () => {
    const t = await tariffs.create({ name: ' Standard ', currency: 'eur', components: { energyPerKwh: 0.39, periods: [{ days: ['sat', 'sun', 'sat'], from: '00:00', to: '24:00', energyPerKwh: 0.29 }] } });
    expect(t).toMatchObject({ version: 1, name: 'Standard', currency: 'EUR', vatPercent: 0, archived: false });
    expect(t.components).toEqual({ energyPerKwh: 0.39, chargingPerMinute: 0, idlePerMinute: 0, sessionFee: 0, idleGraceMinutes: 0, minPrice: null, maxPrice: null, periods: [{ days: ['sat', 'sun'], from: '00:00', to: '24:00', energyPerKwh: 0.29 }] });
    const v2 = await tariffs.update(t.id, { components: { idlePerMinute: 0.1, idleGraceMinutes: 30 } });
    expect(v2).toMatchObject({ version: 2, name: 'Standard', components: { energyPerKwh: 0.39, idlePerMinute: 0.1, idleGraceMinutes: 30 } });
    expect((await tariffs.get(t.id)).version).toBe(2);
    const versions = await kit.database.db.selectFrom('tariff_versions').select(['version', 'components']).where('tariff_id', '=', t.id).orderBy('version').execute();
    expect(versions.map((v) => [v.version, (v.components as { idlePerMinute: number }).idlePerMinute])).toEqual([[1, 0], [2, 0.1]]);
    await tariffs.archive(t.id);
    expect((await tariffs.list()).some((x) => x.id === t.id)).toBe(false);
    expect((await tariffs.list(true)).find((x) => x.id === t.id)?.archived).toBe(true);
    await expect(tariffs.update(t.id, { name: 'again' })).rejects.toBeInstanceOf(ConflictError);
    expect(kit.events.filter((e) => e.type.startsWith('tariff.') && e.data.tariffId === t.id).map((e) => e.type)).toEqual(['tariff.created', 'tariff.updated', 'tariff.archived']);
  });

  it('refuses what cannot be priced', async () => {
    await expect(tariffs.create({ name: 'x', currency: 'euro' })).rejects.toBeInstanceOf(ValidationError);
    await expect(tariffs.create({ name: 'x', currency: 'EUR', components: { minPrice: 5, maxPrice: 2 } })).rejects.toThrow(/minPrice/);
    await expect(tariffs.create({ name: 'x', currency: 'EUR', components: { periods: [{ days: [], from: '22:00', to: '06:00' }] } })).rejects.toThrow(/midnight/);
    await expect(tariffs.create({ name: 'x', currency: 'EUR', components: { energyPerKwh: 0.1234567 } })).rejects.toThrow(/6 decimals/);
    await expect(tariffs.create({ name: 'x', currency: 'EUR', vatPercent: 120 })).rejects.toThrow(/vatPercent/);
    await expect(tariffs.get('not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('resolves the most specific assignment: token group > station > site > default', async () => {
    const [def, site, station, group] = await Promise.all([plain('Default', 0.1), plain('Site', 0.2), plain('Station', 0.3), plain('Group', 0.4)].map((t) => tariffs.create(t)));
    expect(await tariffs.resolve('TS-SITE', null)).toBeUndefined();
    await tariffs.assign({ scope: 'default', scopeId: 'ignored', tariffId: def!.id });
    expect(await tariffs.resolve('TS-SITE', null)).toMatchObject({ id: def!.id, version: 1, timezone: 'Europe/Berlin' });
    expect(await tariffs.resolve('TS-OTHER', null)).toMatchObject({ id: def!.id, timezone: 'UTC' });
    await tariffs.assign({ scope: 'site', scopeId: siteId, tariffId: site!.id });
    expect((await tariffs.resolve('TS-SITE', 'someone'))?.id).toBe(site!.id);
    expect((await tariffs.resolve('TS-OTHER', 'someone'))?.id).toBe(def!.id);
    await tariffs.assign({ scope: 'station', scopeId: 'TS-SITE', tariffId: station!.id });
    expect((await tariffs.resolve('TS-SITE', null))?.id).toBe(station!.id);
    await tariffs.assign({ scope: 'token_group', scopeId: 'fleet', tariffId: group!.id });
    expect((await tariffs.resolve('TS-SITE', 'FLEET-CARD'))?.id).toBe(group!.id);
    expect((await tariffs.resolve('TS-OTHER', 'fleet-card'))?.id).toBe(group!.id);
    expect((await tariffs.resolve('TS-SITE', 'someone'))?.id).toBe(station!.id);
    // archiving drops its assignments: the next most specific applies
    await tariffs.archive(station!.id);
    expect((await tariffs.resolve('TS-SITE', null))?.id).toBe(site!.id);
    const list = await tariffs.assign({ scope: 'site', scopeId: siteId, tariffId: null });
    expect(list.map((a) => a.scope).sort()).toEqual(['default', 'token_group']);
    expect((await tariffs.resolve('TS-SITE', null))?.id).toBe(def!.id);
    await expect(tariffs.assign({ scope: 'station', scopeId: 'NOPE', tariffId: def!.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(tariffs.assign({ scope: 'station', tariffId: def!.id })).rejects.toBeInstanceOf(ValidationError);
    await expect(tariffs.assign({ scope: 'station', scopeId: 'TS-SITE', tariffId: station!.id })).rejects.toBeInstanceOf(ConflictError);
  });
});
