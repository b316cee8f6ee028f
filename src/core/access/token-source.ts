import { NotFoundError } from '../shared/app-error.js';
import type { IdToken, TokenService } from '../tokens/index.js';
import type { AccessTokenSource, TokenFacts } from './access.js';

const PAGE = 1000;

function factsOf(t: IdToken): TokenFacts {
  return {
    token: t.token, status: t.status, expiresAt: t.expiresAt ? new Date(t.expiresAt) : null, groupId: t.groupId, driverId: t.driverId,
    maxConcurrentSessions: t.maxConcurrentSessions, monthlyEnergyKwh: t.monthlyEnergyKwh, monthlySessions: t.monthlySessions,
  };
}

/** The decider's view of the tokens feature. */
export function tokenSource(tokens: Pick<TokenService, 'get' | 'list' | 'usageThisMonth' | 'activeSessions'>): AccessTokenSource {
  return {
    async facts(token) {
      try {
        return factsOf(await tokens.get(token));
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async monthUsage(token, at) {
      const usage = await tokens.usageThisMonth(token, at);
      return { sessions: usage.sessions, energyWh: usage.energyWh };
    },
    activeSessions: (token) => tokens.activeSessions(token),
    async all() {
      const out: TokenFacts[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await tokens.list({ limit: PAGE, offset });
        out.push(...page.items.map(factsOf));
        if (page.items.length < PAGE) return out;
      }
    },
  };
}
