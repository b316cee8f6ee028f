/**
 * The app's one live connection: an EventSource on /api/events. Events are gathered for a short moment
 * and folded into the TanStack Query caches in one pass (setQueryData), so lists, details, charts and
 * the summary follow the fleet without polling. EventSource reconnects by itself and sends
 * Last-Event-ID, so durable events missed during a blip are replayed by the server.
 */
import { useSyncExternalStore } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { LiveCacheUpdater } from './live-cache-updater.js';
import { applyCertificateEvents } from './certificates.js';
import { applyLocalListEvents } from './local-list.js';
import { applySecurityEvents } from './security.js';
import { applyAccessRuleEvents } from './access.js';
import type { LiveEvent } from './types.js';

/** The event types the server sends; each needs its own listener on a named-event stream. */
const EVENT_TYPES = [
  'station.connected', 'station.disconnected', 'station.booted', 'station.admission', 'station.status', 'station.created', 'station.removed',
  'notification.created', 'notification.read', 'ticket.created', 'ticket.updated', 'ticket.noted', 'incident.opened', 'incident.updated', 'incident.resolved',
  'maintenance.scheduled', 'maintenance.started', 'maintenance.ended', 'maintenance.deleted', 'connector.status', 'session.started', 'session.updated', 'session.stopped', 'session.progress', 'meter.sample', 'local_list.updated', 'access_rule.updated', 'station.security', 'security.camera_event', 'certificate.requested', 'certificate.held', 'stream.resync',
];

/** How long events are gathered before the caches are updated (one render per batch, not per event). */
const FLUSH_MS = 150;

/** The state of the live connection, for the header indicator. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

let state: LiveState = 'connecting';
const stateListeners = new Set<() => void>();

function setState(next: LiveState): void {
  if (next === state) return;
  state = next;
  for (const listener of stateListeners) listener();
}

/** The live connection's state; re-renders when it changes. */
export function useLiveState(): LiveState {
  return useSyncExternalStore((l) => {
    stateListeners.add(l);
    return () => stateListeners.delete(l);
  }, () => state);
}

/** Opens the live stream and keeps the caches current until the returned function is called. */
export function startLive(client: QueryClient): () => void {
  const updater = new LiveCacheUpdater(client);
  let queue: LiveEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const batch = queue;
    queue = [];
    updater.apply(batch);
    applyLocalListEvents(client, batch);
    applySecurityEvents(client, batch);
    applyAccessRuleEvents(client, batch);
    applyCertificateEvents(client, batch);
  };
  let lastEventId = '';
  const reconcile = () => void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  const onMessage = (message: MessageEvent<string>) => {
    if (message.lastEventId) lastEventId = message.lastEventId;
    let event: LiveEvent;
    try {
      event = JSON.parse(message.data) as LiveEvent;
    } catch {
      return;
    }
    if (typeof event.type !== 'string' || typeof event.data !== 'object' || event.data === null) return;
    // The server could not replay what this stream missed: everything is fetched again.
    if (event.type === 'stream.resync') {
      reconcile();
      return;
    }
    queue.push(event);
    timer ??= setTimeout(flush, FLUSH_MS);
  };

  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let everOpen = false;
  let failures = 0;
  const connect = () => {
    retry = undefined;
    // A stream the browser reopens sends Last-Event-ID itself; one reopened here passes it as a parameter.
    const es = new EventSource(`/api/events${lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : ''}`, { withCredentials: true });
    source = es;
    es.onopen = () => {
      // Reopened: high-rate meter events are not replayed, so the views are fetched again once.
      if (everOpen) reconcile();
      everOpen = true;
      failures = 0;
      setState('live');
    };
    es.onerror = () => {
      setState('reconnecting');
      // The browser retries by itself (with Last-Event-ID) unless the server refused the stream outright.
      if (es.readyState !== EventSource.CLOSED) return;
      es.close();
      failures++;
      retry = setTimeout(connect, Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5)));
    };
    es.addEventListener('message', onMessage);
    for (const type of EVENT_TYPES) es.addEventListener(type, onMessage);
  };
  setState('connecting');
  connect();

  return () => {
    source?.close();
    if (retry) clearTimeout(retry);
    if (timer) clearTimeout(timer);
    updater.dispose();
    setState('connecting');
  };
}
