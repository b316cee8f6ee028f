/** Token status badges and the Drivers / Tokens tabs of the "Drivers & tokens" area. */
import type { IdTokenView } from '../api/types.js';
import { navigate } from '../router.js';

const TONE: Record<IdTokenView['status'], string> = { accepted: 'ok', blocked: 'fault', expired: 'off', invalid: 'warn' };

/** A token's stored status; an accepted token past its expiry shows as expired. */
export function TokenStatusBadge({ token, now }: { token: Pick<IdTokenView, 'status' | 'expiresAt'>; now: number }) {
  const lapsed = token.status === 'accepted' && token.expiresAt !== null && Date.parse(token.expiresAt) <= now;
  const status = lapsed ? 'expired' : token.status;
  return <span className={`badge tone-${TONE[status]}`} data-status={status} title={lapsed ? 'Accepted, but past its expiry' : undefined}>{status}</span>;
}

/** The token's limits in one line, or a dash. */
export function limitsText(t: Pick<IdTokenView, 'maxConcurrentSessions' | 'monthlyEnergyKwh' | 'monthlySessions'>): string {
  const parts = [
    t.maxConcurrentSessions !== null ? `${t.maxConcurrentSessions} at a time` : null,
    t.monthlySessions !== null ? `${t.monthlySessions} sessions/month` : null,
    t.monthlyEnergyKwh !== null ? `${t.monthlyEnergyKwh} kWh/month` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

/** Tabs between the drivers list and the tokens list. */
export function AccessTabs({ current }: { current: 'drivers' | 'tokens' }) {
  return (
    <div className="tabs" role="tablist" aria-label="Drivers and tokens">
      <button type="button" role="tab" aria-selected={current === 'drivers'} className={current === 'drivers' ? 'active' : ''} onClick={() => navigate('/drivers')}>Drivers</button>
      <button type="button" role="tab" aria-selected={current === 'tokens'} className={current === 'tokens' ? 'active' : ''} onClick={() => navigate('/drivers/tokens')}>Tokens</button>
    </div>
  );
}
