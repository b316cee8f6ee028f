/** One small coloured square per connector, for dense tables. */
import type { ConnectorLive } from '../api/types.js';
import { statusTone } from './status-badge.js';

/** The connectors of a station as dots with their status in the tooltip and accessible label. */
export function ConnectorDots({ connectors }: { connectors: readonly ConnectorLive[] }) {
  if (connectors.length === 0) return <span className="muted">—</span>;
  const label = connectors.map((c) => `${c.evseId}/${c.connectorId} ${c.status}`).join(', ');
  return (
    <span className="connector-dots" role="img" aria-label={label} title={label}>
      {connectors.map((c) => <span key={`${c.evseId}-${c.connectorId}`} className={`cdot tone-${statusTone(c.status)}`} />)}
    </span>
  );
}
