import type { DomainEvent } from '../../bus/bus.js';
import type { Channel, IncidentSummary, Severity } from '../alerts/index.js';
import { severityRank, type IncidentChange, type Subscription } from './notifications.js';

/**
 * The change an `incident.*` event notifies about, or undefined for changes that do not notify
 * (acknowledged, assigned, notes, occurrences, remediation steps …).
 */
export function notifyingChange(event: DomainEvent): IncidentChange | undefined {
  const data = event.data as { incident?: IncidentSummary; change?: string };
  if (!data.incident || typeof data.incident.id !== 'number') return undefined;
  const at = new Date(event.at);
  if (event.type === 'incident.opened') return { change: 'opened', incident: data.incident, at };
  if (event.type === 'incident.resolved') return { change: 'resolved', incident: data.incident, at };
  if (event.type === 'incident.updated' && data.change === 'escalated') return { change: 'escalated', incident: data.incident, at };
  return undefined;
}

/** Whether an incident is at least `minSeverity` and within a site and rule filter (null: all). */
export function withinFilter(incident: IncidentSummary, filter: { minSeverity: Severity; siteIds: readonly string[] | null; ruleKeys: readonly string[] | null }): boolean {
  if (severityRank(incident.severity) < severityRank(filter.minSeverity)) return false;
  if (filter.siteIds !== null && (incident.siteId === null || !filter.siteIds.includes(incident.siteId))) return false;
  if (filter.ruleKeys !== null && !filter.ruleKeys.includes(incident.ruleKey)) return false;
  return true;
}

/** Whether one subscription asks for this change. */
export function subscriptionMatches(sub: Subscription, change: IncidentChange): boolean {
  if (change.change === 'resolved' && !sub.notifyResolved) return false;
  return withinFilter(change.incident, sub);
}

/** How one user gets one change: in-app, e-mail now, or e-mail in the next hourly digest. */
export interface Delivery {
  inApp: boolean;
  email: 'now' | 'digest' | null;
}

/**
 * What a user's subscriptions make of a change, within the channels the incident's rule allows. E-mail
 * goes at once when any matching e-mail subscription is immediate or the incident is critical; else into
 * the digest.
 */
export function deliveryFor(subs: readonly Subscription[], change: IncidentChange, allowed: readonly Channel[]): Delivery {
  const matching = subs.filter((s) => allowed.includes(s.channel) && subscriptionMatches(s, change));
  const inApp = matching.some((s) => s.channel === 'in_app');
  const email = matching.filter((s) => s.channel === 'email');
  if (email.length === 0) return { inApp, email: null };
  const now = change.incident.severity === 'critical' || email.some((s) => !s.digest);
  return { inApp, email: now ? 'now' : 'digest' };
}
