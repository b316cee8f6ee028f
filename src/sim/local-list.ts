/** How a simulated station's local authorization list is built; every field has a default. */
export interface SimLocalListOptions {
  /** False: the station has no local list (SendLocalList / GetLocalListVersion answer CALLERROR NotSupported). */
  supported?: boolean;
  /** LocalAuthListEnabled / LocalAuthListCtrlr.Enabled at start (default true). */
  enabled?: boolean;
  /** Most entries the list holds (1.6 LocalAuthListMaxLength; default 1000). */
  maxLength?: number;
  /** Most entries one SendLocalList may carry (1.6 SendLocalListMaxLength, 2.0.1 ItemsPerMessage; default 100). */
  perMessage?: number;
}

/** One item of a SendLocalList, version-neutral: no status means "remove" in a differential. */
export interface SimListItem {
  idToken: string;
  status?: string;
  expiresAt?: string;
}

/** One entry the list holds. */
export interface SimListEntry {
  idToken: string;
  status: string;
  expiresAt?: string;
}

/** The SendLocalList answers both versions share (1.6 also has NotSupported). */
export type SimListAnswer = 'Accepted' | 'Failed' | 'VersionMismatch';

/**
 * A station's local authorization list with its version, as OCPP 1.6 section 5.15 / 2.0.1 D01 have it:
 * a full update replaces the list, a differential adds, replaces or (without status) removes entries and
 * must carry a version above the current one. The list survives reboots (it is kept in "flash").
 */
export class SimLocalList {
  readonly supported: boolean;
  enabled: boolean;
  readonly maxLength: number;
  readonly perMessage: number;
  version = 0;
  private readonly entries = new Map<string, SimListEntry>();

  constructor(options: SimLocalListOptions = {}) {
    this.supported = options.supported ?? true;
    this.enabled = options.enabled ?? true;
    this.maxLength = options.maxLength ?? 1000;
    this.perMessage = options.perMessage ?? 100;
  }

  /** How many entries the list holds. */
  get size(): number {
    return this.entries.size;
  }

  /** Every entry, ordered by token. */
  list(): SimListEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.idToken < b.idToken ? -1 : 1));
  }

  /** Applies a SendLocalList; a refused one changes nothing. */
  apply(kind: 'Full' | 'Differential', version: number, items: readonly SimListItem[]): SimListAnswer {
    if (!this.enabled || items.length > this.perMessage) return 'Failed';
    if (kind === 'Differential' && version <= this.version) return 'VersionMismatch';
    const next = new Map(kind === 'Full' ? [] : this.entries);
    for (const item of items) {
      const key = item.idToken.toUpperCase();
      if (item.status === undefined) next.delete(key);
      else next.set(key, { idToken: item.idToken, status: item.status, ...(item.expiresAt ? { expiresAt: item.expiresAt } : {}) });
    }
    if (next.size > this.maxLength) return 'Failed';
    this.entries.clear();
    for (const [key, entry] of next) this.entries.set(key, entry);
    this.version = version;
    return 'Accepted';
  }

  /** The token's status on the list at `nowMs` (an expired entry is Expired), or undefined when not listed. */
  statusOf(idToken: string, nowMs: number): string | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(idToken.toUpperCase());
    if (!entry) return undefined;
    return entry.expiresAt && Date.parse(entry.expiresAt) <= nowMs ? 'Expired' : entry.status;
  }
}
