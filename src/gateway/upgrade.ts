import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { SUBPROTOCOLS, type OcppVersion } from '../ocpp/index.js';

/** Printable characters only, no '/', 1 to 48 of them (the OCPP charge point identity limit). */
const STATION_ID = /^[^\u0000-\u001f\u007f-\u009f/]{1,48}$/u;

/** The station identity from the request path: its last segment, URL-decoded; undefined when unusable. */
export function parseStationId(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const segment = path.slice(path.lastIndexOf('/') + 1);
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return STATION_ID.test(id) ? id : undefined;
}

/** The subprotocol names offered in a Sec-WebSocket-Protocol header (possibly repeated, comma-joined). */
export function offeredSubprotocols(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const joined = Array.isArray(header) ? header.join(',') : header;
  return joined.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

/** The subprotocol we speak among those offered, preferring 2.0.1; undefined when none fits. */
export function pickSubprotocol(offered: Iterable<string>): { name: string; version: OcppVersion } | undefined {
  let best: { name: string; version: OcppVersion } | undefined;
  for (const name of offered) {
    const version = Object.hasOwn(SUBPROTOCOLS, name) ? SUBPROTOCOLS[name] : undefined;
    if (version === '2.0.1') return { name, version };
    if (version && !best) best = { name, version };
  }
  return best;
}

/** Credentials from an `Authorization: Basic` header; the password may itself contain ':'. */
export function parseBasicAuth(header: string | undefined): { username: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Answers a refused upgrade with a bare HTTP response and drops the socket; no WebSocket is made. */
export function refuseUpgrade(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`, 'Connection: close', 'Content-Length: 0'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.once('finish', () => socket.destroy());
  socket.end(`${lines.join('\r\n')}\r\n\r\n`);
}
