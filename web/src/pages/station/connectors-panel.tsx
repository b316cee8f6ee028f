/** The station's connectors (EVSEs) live: status, fault, power, energy, state of charge and the running session. */
import type { ConnectorLive, StationDetail } from '../../api/types.js';
import { Empty, Panel } from '../../components/feedback.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useNow } from '../../components/use-now.js';
import { formatAgo, formatEnergy, formatPower } from '../../format.js';
import { Link } from '../../router.js';

function ConnectorCard({ c, online, now }: { c: ConnectorLive; online: boolean; now: number }) {
  return (
    <li className="connector" data-connector={`${c.evseId}/${c.connectorId}`}>
      <div className="connector-head">
        <span className="connector-name">EVSE {c.evseId} · {c.connectorId}</span>
        <StatusBadge status={c.status} offline={!online} />
        {c.maintenance && <span className="badge" title={c.maintenance.reason}>In maintenance</span>}
      </div>
      {(c.errorCode && c.errorCode !== 'NoError') || c.info || c.vendorErrorCode ? (
        <div className="connector-error">{[c.errorCode, c.vendorErrorCode, c.info].filter(Boolean).join(' · ')}</div>
      ) : null}
      <dl className="connector-metrics">
        <div><dt>Power</dt><dd>{formatPower(c.powerW)}</dd></div>
        <div><dt>Energy</dt><dd>{formatEnergy(c.energyWh)}</dd></div>
        <div><dt>SoC</dt><dd>{c.soc === null ? '—' : `${Math.round(c.soc)} %`}</dd></div>
      </dl>
      {c.soc !== null && <div className="soc-bar" role="meter" aria-label="State of charge" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(c.soc)}><span style={{ width: `${Math.min(100, c.soc)}%` }} /></div>}
      <div className="connector-foot">
        {c.sessionId !== null ? <Link to={`/sessions/${c.sessionId}`}>Session #{c.sessionId} →</Link> : <span className="muted">No session</span>}
        <span className="muted small">{c.statusAt ? `since ${formatAgo(c.statusAt, now)}` : ''}</span>
      </div>
    </li>
  );
}

/** The connectors panel. */
export function ConnectorsPanel({ station }: { station: StationDetail }) {
  const now = useNow();
  return (
    <Panel title={`Connectors (${station.connectors.length})`}>
      {station.connectors.length === 0 ? <Empty>The station has not reported any connector yet.</Empty> : (
        <ul className="connectors">{station.connectors.map((c) => <ConnectorCard key={`${c.evseId}-${c.connectorId}`} c={c} online={station.online} now={now} />)}</ul>
      )}
    </Panel>
  );
}
