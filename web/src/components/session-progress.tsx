/**
 * Live progress of a running session: power now, energy, average and peak power, time charging and idle,
 * SoC against the EV's target, and when it will be full (or why that cannot be told). Follows the
 * `session.progress` events the live layer folds into the session's cache.
 */
import type { SessionProgressView, SessionView } from '../api/types.js';
import { formatDuration, formatEnergy, formatPower } from '../format.js';
import { etaLines, whenText } from './eta-text.js';
import { Empty, Facts, Panel } from './feedback.js';
import { useNow } from './use-now.js';

function SocBar({ soc, target }: { soc: number | null; target: number | null }) {
  if (soc === null) return <span className="muted">not reported</span>;
  return (
    <div>
      <strong>{Math.round(soc)} %</strong>{target !== null && <span className="muted"> of {Math.round(target)} % target</span>}
      <div className="soc-bar" role="meter" aria-label="State of charge" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(soc)} style={{ position: 'relative', marginTop: 6 }}>
        <span style={{ width: `${Math.min(100, Math.max(0, soc))}%` }} />
        {target !== null && <i aria-hidden="true" title={`Target ${Math.round(target)} %`} style={{ position: 'absolute', top: 0, bottom: 0, left: `${Math.min(100, target)}%`, width: 2, background: 'var(--text)' }} />}
      </div>
    </div>
  );
}

function Figures({ p, now }: { p: SessionProgressView; now: number }) {
  // Durations run on between events: the time since the reading counts as charging or idle as it was.
  const since = Math.max(0, (now - Date.parse(p.asOf)) / 1000);
  const charging = p.powerW !== null && p.powerW > 50;
  const lines = etaLines(p, now);
  return (
    <Facts items={[
      ['Power now', formatPower(p.powerW)],
      ['Energy', p.energyRequestedWh === null ? formatEnergy(p.energyWh) : `${formatEnergy(p.energyWh)} of ${formatEnergy(p.energyRequestedWh)} requested`],
      ['Average / peak', `${formatPower(p.averagePowerW)} / ${formatPower(p.peakPowerW)}`],
      ['Elapsed', formatDuration(p.elapsedS + since)],
      ['Charging / idle', `${formatDuration(p.chargingS + (charging ? since : 0))} / ${formatDuration(p.idleS + (charging ? 0 : since))}`],
      ['State of charge', <SocBar soc={p.soc} target={p.targetSoc} />],
      ['Estimate', <div data-testid="session-eta">{lines.map((l) => <div key={l}>{l}</div>)}</div>],
      ...(p.departureTime ? [['Departure', `${whenText(p.departureTime, Math.max(now, Date.parse(p.asOf)))}${p.eta.socAtDeparture != null ? ` · ${Math.round(p.eta.socAtDeparture)} % expected` : ''}`] as [string, string]] : []),
    ]} />
  );
}

/** The progress panel of a running session's page (nothing once the session is over). */
export function SessionProgressPanel({ session }: { session: SessionView }) {
  const now = useNow(1_000);
  if (session.state !== 'active') return null;
  return (
    <Panel title="Progress">
      {session.progress ? <Figures p={session.progress} now={now} /> : <Empty>Waiting for the first meter values.</Empty>}
    </Panel>
  );
}
