/** The count of open (unacknowledged) incidents beside the Health link, coloured by the worst of them; live. */
import { useIncidentCounts } from '../api/incidents.js';

/** The badge; nothing while no incident is open. */
export function HealthBadge() {
  const counts = useIncidentCounts();
  const c = counts.data;
  if (!c || c.openTotal === 0) return null;
  const tone = c.open.critical > 0 ? 'tone-fault' : c.open.warning > 0 ? 'tone-warn' : 'tone-info';
  return (
    <span className={`nav-count ${tone}`} data-testid="open-incidents" aria-label={`${c.openTotal} open incidents`}>
      {c.openTotal > 99 ? '99+' : c.openTotal}
    </span>
  );
}
