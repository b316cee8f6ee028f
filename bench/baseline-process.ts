import { WebSocketServer, type WebSocket } from 'ws';
import {
  CALL, OcppValidator, SUBPROTOCOLS, encodeCallError, encodeCallResult, errorCodeFor, parseFrame, type OcppVersion, type Payload,
} from '../src/ocpp/index.js';
import { serveRpc } from './ipc.js';
import { memorySnapshot, ownCpuS, type MemorySnapshot } from './process-figures.js';
import { threadCpuS } from './proc-stat.js';
import { profileStart, profileStop } from './window-profiler.js';

/**
 * The per-message floor the server is compared with: plain `ws`, frame parsing and schema validation of
 * the request and the answer, with no store, no per-station queue and no hooks. Answers are canned but
 * schema-valid, so the same load client runs against it unchanged.
 */
const validator = new OcppValidator();
let wss: WebSocketServer | undefined;
let nextTransactionId = 1;
let connections = 0;

const pickVersion = (name: string): OcppVersion | undefined => (Object.hasOwn(SUBPROTOCOLS, name) ? SUBPROTOCOLS[name] : undefined);

function answerFor(version: OcppVersion, action: string): Payload {
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 };
    case 'StartTransaction':
      return { transactionId: nextTransactionId++, idTagInfo: { status: 'Accepted' } };
    case 'Authorize':
      return version === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    case 'TransactionEvent':
      return { idTokenInfo: { status: 'Accepted' } };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    default:
      return {};
  }
}

function onMessage(ws: WebSocket, version: OcppVersion, text: string): void {
  const parsed = parseFrame(text);
  if (parsed.kind === 'drop') return;
  if (parsed.kind === 'error') {
    ws.send(encodeCallError(parsed.id, errorCodeFor(parsed.error.kind, version), parsed.error.message));
    return;
  }
  const frame = parsed.frame;
  if (frame.type !== CALL) return;
  const request = validator.validate(version, frame.action, 'request', frame.payload);
  if (!request.ok) {
    ws.send(encodeCallError(frame.id, errorCodeFor(request.error.kind, version), request.error.message));
    return;
  }
  const answer = answerFor(version, frame.action);
  const response = validator.validate(version, frame.action, 'response', answer);
  ws.send(response.ok ? encodeCallResult(frame.id, answer) : encodeCallError(frame.id, errorCodeFor('InternalError', version), 'invalid answer'));
}

async function start(): Promise<{ ocppUrl: string }> {
  const server = new WebSocketServer({
    host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false,
    handleProtocols: (offered) => [...offered].find((p) => pickVersion(p) !== undefined) ?? false,
  });
  wss = server;
  server.on('connection', (ws) => {
    const version = pickVersion(ws.protocol) ?? '1.6';
    connections++;
    ws.on('message', (data: Buffer) => onMessage(ws, version, data.toString('utf8')));
    ws.on('close', () => connections--);
    ws.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as { port: number };
  return { ocppUrl: `ws://127.0.0.1:${port}/ocpp` };
}

async function snapshot(args: { gc?: boolean }): Promise<MemorySnapshot & { cpuS: number; threads: { mainS: number; allS: number } | null; connections: number }> {
  return { ...(await memorySnapshot(args.gc === true)), cpuS: ownCpuS(), threads: threadCpuS(), connections };
}

serveRpc({
  start,
  snapshot,
  profileStart,
  profileStop,
  stop: () => new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve())),
});
