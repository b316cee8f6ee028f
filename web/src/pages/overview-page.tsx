/** The fleet at a glance: counts, connector statuses, live power, and the stations that need attention. */
import { useMemo, useState } from 'react';
import { usePowerHistory, useSummary } from '../api/queries.js';
import type { FleetSummaryView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel, StatCard } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { PowerChart } from '../components/power-chart.js';
import { StatusDonut } from '../components/status-donut.js';
import { useNow } from '../components/use-now.js';
import { formatAgo, formatCount, formatEnergy, formatPercent, formatPower } from '../format.js';
import { Link } from '../router.js';

const REASONS: Record<FleetSummaryView['attention'][number]['reason'], { label: string; tone: string }> = {
  faulted: { label: 'Faulted', tone: 'fault' },
  offline: { label: 'Offline', tone: 'off' },
  pending: { label: 'Pending approval', tone: 'warn' },
  unavailable: { label: 'Unavailable', tone: 'off' },
};

const RANGES = [1, 6, 24];

function PowerPanel({ powerW }: { powerW: number }) {
  const [hours, setHours] = useState(6);
  const history = usePowerHistory(hours);
  // The history is one point per minute; the summary's live power is drawn as the newest point.
  const points = useMemo(() => (history.data ? [...history.data.points, [Date.now(), powerW] as [number, number]] : []), [history.data, powerW]);
  return (
    <Panel
      title="Fleet power"
      className="span-2"
      actions={(
        <div className="segmented" role="group" aria-label="Time range">
          {RANGES.map((h) => (
            <button key={h} type="button" aria-pressed={h === hours} className={h === hours ? 'active' : ''} onClick={() => setHours(h)}>{h} h</button>
          ))}
        </div>
      )}
    >
      {history.isPending ? <Loading /> : history.isError ? <ErrorBox error={history.error} /> : <PowerChart points={points} spanS={hours * 3600} label={`Fleet power over the last ${hours} hours`} />}
    </Panel>
  );
}

function Attention({ items }: { items: FleetSummaryView['attention'] }) {
  const now = useNow();
  if (items.length === 0) return <Empty>Every station is online and healthy.</Empty>;
  return (
    <ul className="attention">
      {items.slice(0, 50).map((item) => (
        <li key={`${item.stationId}-${item.reason}`}>
          <span className={`badge tone-${REASONS[item.reason].tone}`}>{REASONS[item.reason].label}</span>
          <Link to={`/stations/${encodeURIComponent(item.stationId)}`} className="mono">{item.stationId}</Link>
          <span className="attention-detail">{item.detail ?? ''}</span>
          <span className="muted nowrap">{item.since ? formatAgo(item.since, now) : ''}</span>
        </li>
      ))}
      {items.length > 50 && <li className="muted">and {formatCount(items.length - 50)} more</li>}
    </ul>
  );
}

/** The overview page. */
export function OverviewPage() {
  const summary = useSummary();
  return (
    <>
      <PageHeader title="Overview" subtitle="Your charging network, live" />
      {summary.isPending ? <Loading /> : summary.isError ? <ErrorBox error={summary.error} /> : (
        <>
          <div className="stats" data-testid="summary">
            <StatCard label="Stations" value={formatCount(summary.data.stations)} note={summary.data.pending > 0 ? `${formatCount(summary.data.pending)} pending approval` : 'all approved'} />
            <StatCard label="Online" value={formatPercent(summary.data.onlinePercent)} note={`${formatCount(summary.data.online)} online · ${formatCount(summary.data.offline)} offline`} tone={summary.data.offline > 0 ? 'warn' : 'ok'} />
            <StatCard label="Charging now" value={formatCount(summary.data.activeSessions)} note={`${formatCount(summary.data.chargingNow)} connectors charging`} />
            <StatCard label="Power now" value={formatPower(summary.data.powerW)} />
            <StatCard label="Energy today" value={formatEnergy(summary.data.energyTodayWh)} />
          </div>
          <div className="grid">
            <PowerPanel powerW={summary.data.powerW} />
            <Panel title="Connectors by status">
              <StatusDonut counts={summary.data.connectorsByStatus} />
            </Panel>
            <Panel title={`Needs attention (${formatCount(summary.data.attention.length)})`} className="span-3">
              <Attention items={summary.data.attention} />
            </Panel>
          </div>
        </>
      )}
    </>
  );
}
