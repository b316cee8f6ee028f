import type { IncidentSummary, Severity } from '../alerts/index.js';
import type { NotificationChange } from './notifications.js';

const CHANGE_TEXT: Record<NotificationChange, string> = { opened: 'opened', escalated: 'escalated', resolved: 'resolved' };

function where(i: Pick<IncidentSummary, 'stationId' | 'connectorId' | 'siteId'>): string {
  if (i.stationId === null) return i.siteId !== null ? `site ${i.siteId}` : 'the network';
  return i.connectorId !== null ? `station ${i.stationId}, connector ${i.connectorId}` : `station ${i.stationId}`;
}

/** The e-mail about one incident change. */
export function incidentEmail(change: NotificationChange, i: IncidentSummary): { subject: string; text: string } {
  const subject = `[Chargewatch] ${i.severity.toUpperCase()} ${CHANGE_TEXT[change]}: ${i.title}`;
  const lines = [
    `Incident #${i.id} was ${CHANGE_TEXT[change]}.`,
    '',
    `${i.title}`,
    '',
    `Severity:    ${i.severity}`,
    `State:       ${i.state}`,
    `Where:       ${where(i)}`,
    `Rule:        ${i.ruleKey}`,
    `First seen:  ${i.firstSeenAt}`,
    `Last seen:   ${i.lastSeenAt} (${i.occurrences} occurrence${i.occurrences === 1 ? '' : 's'})`,
    ...(i.resolutionNote ? [`Resolution:  ${i.resolutionNote}`] : []),
    '',
    `Open it in Chargewatch at /incidents/${i.id}.`,
  ];
  return { subject, text: lines.join('\n') };
}

/** One line of a digest. */
export interface DigestLine {
  incidentId: number;
  change: string;
  severity: Severity | string;
  title: string;
  stationId: string | null;
  at: Date;
}

/** The hourly digest e-mail of one user: every collected change, oldest first. */
export function digestEmail(lines: readonly DigestLine[], hourStart: Date): { subject: string; text: string } {
  const hour = `${hourStart.toISOString().slice(0, 13)}:00 UTC`;
  const subject = `[Chargewatch] Digest: ${lines.length} incident update${lines.length === 1 ? '' : 's'} (${hour})`;
  const body = lines.map((l) => `- ${l.at.toISOString().slice(11, 16)} ${l.severity.toUpperCase()} ${l.change}: ${l.title}${l.stationId ? ` (station ${l.stationId})` : ''} — /incidents/${l.incidentId}`);
  return { subject, text: [`Non-critical incident updates since the last digest:`, '', ...body, '', 'Critical incidents are e-mailed at once, not collected here.'].join('\n') };
}
