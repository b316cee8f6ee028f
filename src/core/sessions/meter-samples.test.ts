import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { samplesFromV16, samplesFromV201 } from './meter-samples.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  await kit.connect('SIGN-16', '1.6');
  await kit.connect('SIGN-201', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const OCMF = 'OCMF|{"FV":"1.0","GI":"SIM","RD":[{"TM":"2026-01-01T00:10:00,000+0000 S","RV":2.5,"RI":"1-b:1.8.0","RU":"kWh"}]}|{"SD":"304502210097"}';
const stored = (stationId: string) => kit.database.db.selectFrom('meter_samples').selectAll().where('station_id', '=', stationId).where('signed', 'is not', null).execute();

describe('signed meter values', () => {
  it('1.6 SignedData: the text is kept verbatim, with no number made up from it', async () => {
    const { transactionRef, sessionId } = await kit.sessions.start({ stationId: 'SIGN-16', evseId: 1, connectorId: 1, idToken: { value: 'T' }, meterStartWh: 0, timestamp: new Date(T0).toISOString() });
    const samples = samplesFromV16([{ timestamp: '2026-01-01T00:10:00Z', sampledValue: [
      { value: '2500', context: 'Sample.Periodic' },
      { value: OCMF, format: 'SignedData', context: 'Sample.Periodic' },
    ] }], T0);
    await kit.sessions.recordMeterValues({ stationId: 'SIGN-16', evseId: 1, connectorId: 1, transactionRef, samples });
    const rows = await stored('SIGN-16');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ session_id: sessionId, measurand: 'Energy.Active.Import.Register', value: null, raw: OCMF, signed: { format: 'SignedData', signedMeterData: OCMF } });
    // The signed copy does not count twice.
    expect((await kit.sessions.get(sessionId)).energyWh).toBe(2_500);
  });

  it('2.0.1 signedMeterValue: every field kept verbatim next to the value', async () => {
    const signedMeterValue = { signedMeterData: 'AAECAwQFBgcICQ==', signingMethod: 'ECDSA-secp256r1-SHA256', encodingMethod: 'OCMF', publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' };
    await kit.sessions.transactionEvent({
      stationId: 'SIGN-201', eventType: 'Started', transactionRef: 'tx-signed', seqNo: 0, timestamp: new Date(T0).toISOString(), evseId: 1, connectorId: 1,
      samples: samplesFromV201([{ timestamp: new Date(T0).toISOString(), sampledValue: [{ value: 1.2, context: 'Transaction.Begin', unitOfMeasure: { unit: 'kWh' }, signedMeterValue }] }], T0),
      payload: {},
    });
    const rows = await stored('SIGN-201');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ context: 'Transaction.Begin', value: 1_200, unit: 'Wh', raw: '1.2 kWh' });
    expect(rows[0]!.signed).toEqual(signedMeterValue);
  });
});
