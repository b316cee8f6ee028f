/** One session: its facts and a live chart of power, energy and state of charge. */
import { downloadUrl } from '../api/client.js';
import { useSamples, useSession } from '../api/queries.js';
import { Empty, ErrorBox, Facts, Loading, Panel, StatCard } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { SessionChart } from '../components/session-chart.js';
import { SessionCostPanel } from '../components/session-cost.js';
import { SessionProgressPanel } from '../components/session-progress.js';
import { useNow } from '../components/use-now.js';
import { formatDateTime, formatDuration, formatEnergy, formatPower } from '../format.js';
import { Link } from '../router.js';

function Chart({ id }: { id: number }) {
  const samples = useSamples(id);
  if (samples.isPending) return <Loading />;
  if (samples.isError) return <ErrorBox error={samples.error} />;
  if (samples.data.every((s) => s.points.length === 0)) return <Empty>No meter values yet.</Empty>;
  return <SessionChart series={samples.data} />;
}

/** The session page. */
export function SessionPage({ id }: { id: number }) {
  const session = useSession(id);
  const now = useNow(1_000);
  if (!Number.isInteger(id)) return <ErrorBox error={new Error('This is not a session number.')} />;
  if (session.isPending) return <Loading />;
  if (session.isError) return <><PageHeader title={`Session #${id}`} back={{ to: '/sessions', label: 'Sessions' }} /><ErrorBox error={session.error} /></>;
  const s = session.data;
  const active = s.state === 'active';
  const duration = active ? (now - Date.parse(s.startedAt)) / 1000 : s.durationS;
  return (
    <>
      <PageHeader
        title={`Session #${s.id}`}
        back={{ to: '/sessions', label: 'Sessions' }}
        subtitle={(
          <span className="header-meta">
            <span className={`badge ${active ? 'tone-charging' : 'tone-neutral'}`} data-testid="session-state">{active ? 'Charging' : 'Completed'}</span>
            <span>on <Link to={`/stations/${encodeURIComponent(s.stationId)}`} className="mono">{s.stationId}</Link> · EVSE {s.evseId} · connector {s.connectorId}</span>
          </span>
        )}
      >
        <a className="button button-secondary" href={downloadUrl(`/sessions/${s.id}/receipt.pdf`)} target="_blank" rel="noopener" data-testid="session-receipt">Receipt (PDF)</a>
      </PageHeader>
      <div className="stats">
        <StatCard label="Energy" value={formatEnergy(s.energyWh)} />
        <StatCard label="Power" value={active ? formatPower(s.powerW) : '—'} />
        <StatCard label="State of charge" value={s.soc === null ? '—' : `${Math.round(s.soc)} %`} />
        <StatCard label="Duration" value={formatDuration(duration)} />
      </div>
      <div className="grid">
        <Panel title="Power, energy and state of charge" className="span-2"><Chart id={s.id} /></Panel>
        <Panel title="Details">
          <Facts items={[
            ['Started', formatDateTime(s.startedAt)], ['Stopped', formatDateTime(s.stoppedAt)], ['Stop reason', s.stopReason ?? '—'],
            ['Id token', <span className="mono">{s.idToken ?? '—'}</span>], ['Transaction', <span className="mono">{s.transactionRef}</span>],
            ['Meter start', formatEnergy(s.meterStartWh)], ['Meter stop', formatEnergy(s.meterStopWh)], ['Last sample', formatDateTime(s.lastSampleAt)],
          ]} />
        </Panel>
        <SessionProgressPanel session={s} />
        <SessionCostPanel session={s} />
      </div>
    </>
  );
}
