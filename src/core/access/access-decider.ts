import type { DomainEvent } from '../../bus/bus.js';
import { checkRule } from './rule-check.js';
import { loadPlace } from './access-repository.js';
import type { AccessDecision, AccessDeciderDeps, AccessQuery, StationPlace, TokenFacts } from './access.js';

const RANK = { accepted: 'Accepted', blocked: 'Blocked', expired: 'Expired', invalid: 'Invalid' } as const;
const NOWHERE: Omit<StationPlace, 'stationId'> = { siteId: null, siteName: null, timezone: 'UTC', stationRule: undefined, siteRule: undefined };

/**
 * The one authorization decision for Authorize, StartTransaction, TransactionEvent and stops, whatever the
 * protocol: unknown token (by policy) → stored status and expiry → the access rule of the place → limits
 * (concurrent sessions, monthly energy and session budgets). Every decision is logged when refused and
 * published as a bus-only `token.authorization` event with its reason.
 */
export class AccessDecider {
  constructor(private readonly deps: AccessDeciderDeps) {}

  /** Decides whether a token may charge at a station (EVSE) at a time; a refusal carries its reason. */
  async decide(query: AccessQuery): Promise<AccessDecision> {
    const place = (await loadPlace(this.deps.db, query.stationId)) ?? { stationId: query.stationId, ...NOWHERE };
    const decision = await this.judge(query, place);
    if (decision.status !== 'Accepted') {
      this.deps.logger.info({ stationId: query.stationId, idToken: query.idToken, where: query.where, status: decision.status, reason: decision.reason }, 'id token refused');
    }
    // Bus only (not durable): the alert rules count refusals per station and per token.
    this.deps.bus.publish(this.event(query, place, decision));
    return decision;
  }

  /**
   * The stored tokens a station may accept on its own (local authorization list): accepted, not expired
   * at `at`, and let in by the rule of the station's place at that time.
   */
  async tokensAllowedAt(stationId: string, at: Date): Promise<TokenFacts[]> {
    const place = (await loadPlace(this.deps.db, stationId)) ?? { stationId, ...NOWHERE };
    const tokens = await this.deps.tokens.all();
    return tokens.filter((t) => t.status === 'accepted' && !(t.expiresAt && t.expiresAt.getTime() <= at.getTime()) && checkRule(place, t, at).allowed);
  }

  private async judge(q: AccessQuery, place: StationPlace): Promise<AccessDecision> {
    const facts = await this.deps.tokens.facts(q.idToken);
    if (!facts) {
      if (this.deps.settings.unknownTokens === 'reject') return { status: 'Unknown', reason: `token ${q.idToken} is unknown`, known: false };
      const rule = checkRule(place, { token: q.idToken, groupId: null, driverId: null }, q.at);
      return rule.allowed ? { status: 'Accepted', reason: `token ${q.idToken} is unknown and unknown tokens are accepted`, known: false } : { status: rule.status, reason: rule.reason, known: false };
    }
    const extra = { ...(facts.groupId ? { groupIdToken: facts.groupId } : {}), ...(facts.expiresAt ? { expiresAt: facts.expiresAt } : {}), known: true };
    const name = `token ${facts.token}`;
    if (facts.status !== 'accepted') return { status: RANK[facts.status], reason: `${name} is ${facts.status}`, ...extra };
    if (facts.expiresAt && facts.expiresAt.getTime() <= q.at.getTime()) return { status: 'Expired', reason: `${name} expired at ${facts.expiresAt.toISOString()}`, ...extra };
    const rule = checkRule(place, facts, q.at);
    if (!rule.allowed) return { status: rule.status, reason: rule.reason, ...extra };
    const limit = await this.checkLimits(q, facts);
    if (limit) return { ...limit, ...extra };
    return { status: 'Accepted', reason: `${name} is accepted`, ...extra };
  }

  /** Limits bind new charging only: an Authorize, a start, or a 2.0.1 event that starts a transaction. */
  private async checkLimits(q: AccessQuery, t: TokenFacts): Promise<Pick<AccessDecision, 'status' | 'reason'> | undefined> {
    const binds = q.where === 'authorize' || q.where === 'start' || (q.where === 'transaction' && q.starting === true);
    if (!binds || (t.maxConcurrentSessions === null && t.monthlyEnergyKwh === null && t.monthlySessions === null)) return undefined;
    const name = `token ${t.token}`;
    if (t.maxConcurrentSessions !== null) {
      // The EVSE being decided is not "elsewhere": a repeated start or an event of its own transaction must not count it.
      const running = (await this.deps.tokens.activeSessions(t.token)).filter((s) => !(s.stationId === q.stationId && s.evseId === q.evseId)).length;
      if (running >= t.maxConcurrentSessions) return { status: 'ConcurrentTx', reason: `${name} has ${running} session(s) running elsewhere (limit ${t.maxConcurrentSessions})` };
    }
    if (t.monthlySessions === null && t.monthlyEnergyKwh === null) return undefined;
    const usage = await this.deps.tokens.monthUsage(t.token, q.at);
    if (t.monthlySessions !== null && usage.sessions >= t.monthlySessions) {
      return { status: 'NoCredit', reason: `${name} used its ${t.monthlySessions} session(s) of this month` };
    }
    const usedKwh = usage.energyWh / 1000;
    if (t.monthlyEnergyKwh !== null && usedKwh >= t.monthlyEnergyKwh) {
      return { status: 'NoCredit', reason: `${name} used ${usedKwh.toFixed(1)} of its ${t.monthlyEnergyKwh} kWh this month` };
    }
    return undefined;
  }

  private event(q: AccessQuery, place: StationPlace, d: AccessDecision): DomainEvent {
    return {
      type: 'token.authorization', at: this.deps.clock.now().toISOString(), stationId: q.stationId,
      data: {
        stationId: q.stationId, idToken: q.idToken, tokenType: q.tokenType ?? null, status: d.status, known: d.known, where: q.where,
        reason: d.reason, evseId: q.evseId ?? null, siteId: place.siteId,
      },
    };
  }
}
