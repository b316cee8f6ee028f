import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { CertificateVerifier, ClientCertificate } from './client-certificate.js';

/** Behind a TLS-terminating proxy: which peers are proxies, and the headers they set. */
export interface ProxyHeaderOptions {
  /** Addresses (`10.0.0.5`) or subnets (`10.0.0.0/24`) of the proxies whose headers are believed. */
  trusted: readonly string[];
  /** Header with the client certificate the proxy verified, URL-encoded PEM (nginx `$ssl_client_escaped_cert`). */
  certHeader?: string;
  /** Header saying the station reached the proxy over TLS (`https`, `wss`, `on`, `true` or `1`), e.g. X-Forwarded-Proto. */
  tlsHeader?: string;
}

/** What a trusted proxy tells about the station behind it. */
export interface ProxiedConnection {
  remoteAddress: string;
  tls: boolean;
  clientCertificate?: ClientCertificate;
}

const TLS_VALUES = new Set(['https', 'wss', 'on', 'true', '1']);

/** An IPv4 peer may show as `::ffff:a.b.c.d` on a dual-stack socket. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the proxy's headers, but only on connections that come from a configured proxy address. */
export class ProxyHeaders {
  private readonly trusted = new BlockList();

  constructor(private readonly options: ProxyHeaderOptions, private readonly verifier: CertificateVerifier | undefined) {
    for (const entry of options.trusted) {
      const [address, prefix] = entry.split('/');
      const family = isIP(address ?? '');
      if (family === 0) throw new Error(`not an IP address or subnet: ${entry}`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.trusted.addAddress(address!, type);
      else this.trusted.addSubnet(address!, Number(prefix), type);
    }
    if (options.certHeader && !verifier) throw new Error('a client certificate header needs the CA bundle to check certificates against');
  }

  /** True when `address` is one of the proxies. */
  isTrusted(address: string): boolean {
    const plain = plainAddress(address);
    const family = isIP(plain);
    return family !== 0 && this.trusted.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** The station's address, TLS and certificate as the proxy reports them; undefined when the peer is not a proxy. */
  read(req: IncomingMessage, nowMs: number): ProxiedConnection | undefined {
    const peer = req.socket.remoteAddress ?? '';
    if (!this.isTrusted(peer)) return undefined;
    // The proxy appends the address it saw last; entries before it came from the client and prove nothing.
    const forwarded = header(req, 'x-forwarded-for')?.split(',').map((a) => a.trim()).filter((a) => a.length > 0).at(-1);
    const tlsValue = this.options.tlsHeader ? header(req, this.options.tlsHeader) : undefined;
    const result: ProxiedConnection = { remoteAddress: forwarded ?? peer, tls: tlsValue !== undefined && TLS_VALUES.has(tlsValue.trim().toLowerCase()) };
    const raw = this.options.certHeader ? header(req, this.options.certHeader) : undefined;
    const pem = raw === undefined ? '' : decodePem(raw);
    if (pem && this.verifier) {
      result.clientCertificate = this.verifier.verify(pem, nowMs, 'proxy');
      // A client certificate only travels over TLS, whether or not the proxy also set its TLS header.
      result.tls = true;
    }
    return result;
  }
}

/** The PEM in a certificate header: URL-encoded (`$ssl_client_escaped_cert`) or with tabs for line breaks. */
function decodePem(raw: string): string {
  let text = raw.trim();
  if (text === '' || text === '-' || text === '(null)') return '';
  try {
    text = decodeURIComponent(text);
  } catch {
    return text;
  }
  return text.replace(/\t/g, '\n');
}
