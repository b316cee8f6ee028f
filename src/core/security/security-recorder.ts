import type { DomainEvent } from '../../bus/bus.js';
import { insertAuthorizationRefusal, insertLoginFailure } from './security-repository.js';
import type { SecurityDeps } from './security.js';

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
/** Stored values are cut to this length: identities and tokens come from whoever connects. */
const MAX = 200;
const cut = (v: string): string => v.slice(0, MAX);

/**
 * Keeps what the security timeline shows but no other table holds: failed station logins
 * (`station.login_failed`) and refused authorizations (`token.authorization` with a status other than
 * Accepted). Both events are bus only, so this is their record.
 */
export class SecurityRecorder {
  private unsubscribe: (() => void) | undefined;
  private pending = Promise.resolve();

  constructor(private readonly deps: Pick<SecurityDeps, 'db' | 'bus' | 'logger'>) {}

  /** Starts following the bus. */
  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((e) => this.onEvent(e), ['station.login_failed', 'token.authorization']);
  }

  /** Stops following and waits for the rows being written. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.idle();
  }

  /** Resolves when every event received so far is stored. */
  idle(): Promise<void> {
    return this.pending;
  }

  private onEvent(e: DomainEvent): void {
    const write = this.rowFor(e);
    if (!write) return;
    this.pending = this.pending.then(write).catch((error: Error) => this.deps.logger.error({ err: error.message, type: e.type }, 'security record failed'));
  }

  private rowFor(e: DomainEvent): (() => Promise<void>) | undefined {
    const at = new Date(e.at);
    if (e.type === 'station.login_failed') {
      const stationId = text(e.data.identity) ?? e.stationId;
      if (!stationId) return undefined;
      const address = text(e.data.address);
      return () => insertLoginFailure(this.deps.db, { stationId: cut(stationId), address: address && cut(address), reason: cut(text(e.data.reason) ?? 'login failed'), at });
    }
    if (e.type === 'token.authorization') {
      const stationId = text(e.data.stationId) ?? e.stationId;
      const idToken = text(e.data.idToken);
      const status = text(e.data.status);
      if (!stationId || !idToken || !status || status === 'Accepted') return undefined;
      return () => insertAuthorizationRefusal(this.deps.db, { stationId: cut(stationId), idToken: cut(idToken), status, phase: text(e.data.where) ?? 'authorize', at });
    }
    return undefined;
  }
}
