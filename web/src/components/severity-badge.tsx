/** A coloured severity word for an incident. */
import { SEVERITY_TONE } from '../api/incidents.js';
import type { Severity } from '../api/types.js';

/** The severity badge. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge ${SEVERITY_TONE[severity]}`} data-severity={severity}>{severity}</span>;
}

/** An incident's state as a quiet badge. */
export function IncidentStateBadge({ state }: { state: 'open' | 'acknowledged' | 'resolved' }) {
  const tone = state === 'open' ? 'tone-fault' : state === 'acknowledged' ? 'tone-warn' : 'tone-ok';
  return <span className={`badge ${tone}`} data-state={state}>{state}</span>;
}
