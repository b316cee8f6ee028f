import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { V16_ERROR_CODES, V201_ERROR_CODES, type OcppVersion } from '../ocpp/index.js';
import { silentLogger } from '../test-kit/logger.js';
import { startTestGateway, TestStation, type TestGateway } from '../test-kit/gateway-harness.js';

/**
 * Throws malformed traffic at a live gateway while a well-behaved station keeps talking to it, and checks
 * each answer, each close code, that nothing crashes, and that no acknowledged request was lost.
 */

const NOW = '2026-01-01T00:00:00.000Z';
const MAX_FRAME = 4096;
const QUEUE_LIMIT = 10;

let tg: TestGateway;
let releaseSlow!: () => void;
const slowGate = new Promise<void>((r) => (releaseSlow = r));
/** Every CALLRESULT any fuzzed station received for its own CALLs: station id and message id. */
const acknowledged: { stationId: string; messageId: string }[] = [];

let good: { station: TestStation; stop: boolean; answered: number; wrong: unknown[]; done?: Promise<void> };

/** The well-behaved station: one Heartbeat after another, each answer checked, for as long as the suite runs. */
async function keepTalking(): Promise<void> {
  for (let n = 0; !good.stop; n++) {
    // A generous wait: this checks answers, not latency, and CI machines are shared.
    const answer = await good.station.call(`good-${n}`, 'Heartbeat', {}, 15_000);
    if (JSON.stringify(answer) === JSON.stringify([3, `good-${n}`, { currentTime: NOW }])) good.answered++;
    else good.wrong.push(answer);
  }
}

beforeAll(async () => {
  tg = await startTestGateway({ maxFrameBytes: MAX_FRAME, inboundQueueLimit: QUEUE_LIMIT }, silentLogger);
  tg.hooks.respond = async (connection, action) => {
    if (connection.stationId.startsWith('slow')) await slowGate;
    const answers: Record<string, object> = {
      Heartbeat: { currentTime: NOW },
      BootNotification: { currentTime: NOW, interval: 300, status: 'Accepted' },
      DataTransfer: { status: 'Accepted' },
      StatusNotification: {},
      Authorize: connection.version === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } },
    };
    return answers[action] as Record<string, unknown>;
  };
  good = { station: await TestStation.connect(tg.url('/ocpp/good'), ['ocpp2.0.1']), stop: false, answered: 0, wrong: [] };
  good.done = keepTalking();
});

afterAll(async () => {
  releaseSlow();
  await tg?.close();
});

/** Wire spellings per version of the kinds the gateway answers with. */
const CODES: Record<OcppVersion, Record<string, string>> = {
  '1.6': {
    format: 'FormationViolation', occurrence: 'OccurenceConstraintViolation', type: 'TypeConstraintViolation', property: 'PropertyConstraintViolation',
    rpc: 'FormationViolation', messageType: 'ProtocolError', notImplemented: 'NotImplemented', notSupported: 'NotSupported',
  },
  '2.0.1': {
    format: 'FormatViolation', occurrence: 'OccurrenceConstraintViolation', type: 'TypeConstraintViolation', property: 'PropertyConstraintViolation',
    rpc: 'RpcFrameworkError', messageType: 'MessageTypeNotSupported', notImplemented: 'NotImplemented', notSupported: 'NotSupported',
  },
};

/**
 * Random frames: text, lone surrogates, arbitrary bytes, JSON values, and OCPP-shaped arrays with wrong parts.
 * Built at load time because fast-check builds its string tables on construction, which would stall the loop mid-test.
 */
const randomFrames = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.tuple(
      fc.oneof(fc.constantFrom(2, 3, 4, 5, 0, -1, '2'), fc.jsonValue({ maxDepth: 1 })),
      fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.jsonValue({ maxDepth: 1 })),
      fc.oneof(fc.constantFrom('Heartbeat', 'BootNotification', 'DataTransfer', 'Reset', 'Nope'), fc.jsonValue({ maxDepth: 1 })),
      fc.jsonValue({ maxDepth: 2 }),
    ).chain((parts) => fc.integer({ min: 1, max: 5 }).map((n) => JSON.stringify(parts.slice(0, n)))),
  );

let probes = 0;

/** Sends a frame, then a Heartbeat probe; returns everything answered before the probe's answer. */
async function exchange(station: TestStation, frame: unknown): Promise<unknown[][]> {
  station.send(frame);
  const probeId = `probe-${++probes}`;
  station.send([2, probeId, 'Heartbeat', {}]);
  const before: unknown[][] = [];
  for (;;) {
    const message = (await station.next()) as unknown[];
    if (message[1] === probeId) {
      expect(message).toEqual([3, probeId, { currentTime: NOW }]);
      return before;
    }
    before.push(message);
  }
}

/** Records the CALLRESULTs a fuzzed station got, for the nothing-lost check. */
function noteAcks(stationId: string, answers: unknown[][]): void {
  for (const a of answers) if (a[0] === 3) acknowledged.push({ stationId, messageId: String(a[1]) });
}

type Expect = { none: true } | { id: string; code: keyof (typeof CODES)['1.6'] };

function table(version: OcppVersion): [string, unknown, Expect][] {
  const boot = version === '1.6'
    ? { ok: { chargePointVendor: 'V', chargePointModel: 'M' }, missing: { chargePointVendor: 'V' }, wrongType: { chargePointVendor: 1, chargePointModel: 'M' }, badValue: { chargePointVendor: 'V', chargePointModel: 'M'.repeat(51) } }
    : { ok: { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } }, missing: { reason: 'PowerUp' }, wrongType: { reason: 'PowerUp', chargingStation: { model: 5, vendorName: 'V' } }, badValue: { reason: 'Bored', chargingStation: { model: 'M', vendorName: 'V' } } };
  const unhandled = version === '1.6' ? ['MeterValues', { connectorId: 1, meterValue: [] }] : ['TransactionEvent', {}];
  const hugeId = version === '1.6'
    ? { connectorId: 2 ** 32, errorCode: 'NoError', status: 'Available' }
    : { timestamp: NOW, connectorStatus: 'Available', evseId: 2 ** 32, connectorId: 1 };
  return [
    ['not JSON', '{"oops', { none: true }],
    ['empty text', '', { none: true }],
    ['JSON string', '"hello"', { none: true }],
    ['JSON object', '{"a":1}', { none: true }],
    ['JSON number', '42', { none: true }],
    ['JSON null', 'null', { none: true }],
    ['empty array', [], { none: true }],
    ['array without id', [2], { none: true }],
    ['object as id', [2, {}, 'Heartbeat', {}], { none: true }],
    ['null id', [2, null, 'Heartbeat', {}], { none: true }],
    ['numeric id', [2, 17, 'Heartbeat', {}], { id: '17', code: 'rpc' }],
    ['empty id', [2, '', 'Heartbeat', {}], { id: '', code: 'rpc' }],
    ['37-character id', [2, 'i'.repeat(37), 'Heartbeat', {}], { id: 'i'.repeat(37), code: 'rpc' }],
    ['unknown message type', [9, 'mt1', 'Heartbeat', {}], { id: 'mt1', code: 'messageType' }],
    ['message type as string', ['2', 'mt2', 'Heartbeat', {}], { id: 'mt2', code: 'messageType' }],
    ['CALL with numeric action', [2, 'ac1', 5, {}], { id: 'ac1', code: 'rpc' }],
    ['CALL with empty action', [2, 'ac2', '', {}], { id: 'ac2', code: 'rpc' }],
    ['CALL without payload', [2, 'ac3', 'Heartbeat'], { id: 'ac3', code: 'rpc' }],
    ['CALL with extra element', [2, 'ac4', 'Heartbeat', {}, {}], { id: 'ac4', code: 'rpc' }],
    ['array payload', [2, 'p1', 'Heartbeat', []], { id: 'p1', code: 'format' }],
    ['string payload', [2, 'p2', 'Heartbeat', 'x'], { id: 'p2', code: 'format' }],
    ['null payload', [2, 'p3', 'Heartbeat', null], { id: 'p3', code: 'format' }],
    ['number payload', [2, 'p4', 'Heartbeat', 4], { id: 'p4', code: 'format' }],
    ['unknown action', [2, 'u1', 'MakeCoffee', {}], { id: 'u1', code: 'notImplemented' }],
    ['lower-case action', [2, 'u2', 'heartbeat', {}], { id: 'u2', code: 'notImplemented' }],
    ['known action not handled', [2, 'n1', unhandled[0], unhandled[1]], { id: 'n1', code: 'notSupported' }],
    ['central-system action sent by a station', [2, 'n2', 'Reset', { type: 'Soft' }], { id: 'n2', code: 'notSupported' }],
    ['missing required field', [2, 's1', 'BootNotification', boot.missing], { id: 's1', code: 'occurrence' }],
    ['wrong field type', [2, 's2', 'BootNotification', boot.wrongType], { id: 's2', code: 'type' }],
    ['unknown field', [2, 's3', 'BootNotification', { ...boot.ok, surprise: true }], { id: 's3', code: 'format' }],
    ['value out of range', [2, 's4', 'BootNotification', boot.badValue], { id: 's4', code: 'property' }],
    ['integer beyond 32 bits', [2, 's5', 'StatusNotification', hugeId], { id: 's5', code: 'type' }],
    ['CALLRESULT for an unknown id', [3, 'never-sent', {}], { none: true }],
    ['CALLERROR for an unknown id', [4, 'never-sent', 'GenericError', 'x', {}], { none: true }],
    ['malformed CALLRESULT', [3, 'r1'], { none: true }],
    ['malformed CALLERROR', [4, 'r2', 7], { none: true }],
  ];
}

describe.each(['1.6', '2.0.1'] as const)('malformed frames over OCPP %s', (version) => {
  let station: TestStation;
  beforeAll(async () => {
    station = await TestStation.connect(tg.url(`/ocpp/fuzz-${version}`), [`ocpp${version}`]);
  });
  afterAll(async () => {
    await station.close();
  });

  it.each(table(version))('%s', async (_name, frame, expected) => {
    const answers = await exchange(station, frame);
    noteAcks(`fuzz-${version}`, answers);
    if ('none' in expected) {
      expect(answers).toEqual([]);
    } else {
      expect(answers).toHaveLength(1);
      const [type, id, code, description, details] = answers[0];
      expect([type, id, code]).toEqual([4, expected.id, CODES[version][expected.code]]);
      expect(typeof description).toBe('string');
      expect(typeof details).toBe('object');
    }
  });

  it('answers a valid request after all that', async () => {
    const answers = await exchange(station, [2, 'fine', 'DataTransfer', { vendorId: 'acme' }]);
    expect(answers).toEqual([[3, 'fine', { status: 'Accepted' }]]);
    noteAcks(`fuzz-${version}`, answers);
  });

  it('answers random text with nothing or with a CALLERROR of this version, never breaking', async () => {
    const allowed = new Set<string>(version === '1.6' ? V16_ERROR_CODES : V201_ERROR_CODES);
    await fc.assert(
      fc.asyncProperty(randomFrames, async (text) => {
        const answers = await exchange(station, text);
        noteAcks(`fuzz-${version}`, answers);
        expect(answers.length).toBeLessThanOrEqual(1);
        for (const a of answers) {
          if (a[0] === 4) expect(allowed.has(a[2] as string)).toBe(true);
          else expect(a[0]).toBe(3);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('frames that end the connection', () => {
  it('closes 1003 on a binary frame', async () => {
    const victim = await TestStation.connect(tg.url('/ocpp/victim-binary'));
    victim.ws.send(Buffer.from('[2,"b","Heartbeat",{}]'), { binary: true });
    expect((await victim.closed).code).toBe(1003);
  });

  it('closes 1007 on text that is not UTF-8', async () => {
    const victim = await TestStation.connect(tg.url('/ocpp/victim-utf8'));
    victim.ws.send(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]), { binary: false });
    expect((await victim.closed).code).toBe(1007);
  });

  it('closes 1009 on a frame over the limit', async () => {
    const victim = await TestStation.connect(tg.url('/ocpp/victim-big'), ['ocpp2.0.1']);
    victim.send([2, 'big', 'DataTransfer', { vendorId: 'x', data: 'd'.repeat(MAX_FRAME) }]);
    expect((await victim.closed).code).toBe(1009);
  });

  it('closes 1008 on a flood beyond the queue limit', async () => {
    const victim = await TestStation.connect(tg.url('/ocpp/slow-flood'));
    for (let i = 0; i < QUEUE_LIMIT * 3; i++) victim.send([2, `f${i}`, 'Heartbeat', {}]);
    expect(await victim.closed).toEqual({ code: 1008, reason: 'inbound queue overflow' });
    expect(tg.hooks.handled.filter((h) => h.stationId === 'slow-flood').length).toBeLessThanOrEqual(1);
  });

  it('survives bursts of random frames from short-lived stations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(randomFrames, { minLength: 1, maxLength: QUEUE_LIMIT - 1 }), async (frames) => {
        const stationId = `burst-${++probes}`;
        const victim = await TestStation.connect(tg.url(`/ocpp/${stationId}`), ['ocpp1.6', 'ocpp2.0.1']);
        for (const f of frames) victim.send(f);
        noteAcks(stationId, await exchange(victim, [2, 'last', 'Heartbeat', {}]));
        await victim.close();
      }),
      { numRuns: 30 },
    );
  });
});

describe('throughout', () => {
  it('kept the well-behaved station answered correctly, and lost nothing it acknowledged', async () => {
    good.stop = true;
    await good.done;
    expect(good.wrong).toEqual([]);
    expect(good.answered).toBeGreaterThan(50);
    const received = new Set(tg.hooks.handled.map((h) => `${h.stationId}\u0000${h.messageId}`));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) expect(received.has(`${ack.stationId}\u0000${ack.messageId}`)).toBe(true);
    const goodHandled = tg.hooks.handled.filter((h) => h.stationId === 'good').map((h) => h.messageId);
    expect(goodHandled).toEqual(Array.from({ length: goodHandled.length }, (_, n) => `good-${n}`));
    expect(tg.gateway.connection('good')?.isOpen).toBe(true);
  });
});
