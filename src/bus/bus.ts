/** What happened, as every consumer (live stream, alerts, load manager, notifications) sees it. */
export interface DomainEvent<D extends object = Record<string, unknown>> {
  /** Outbox row id for events stored durably; absent for high-rate events (meter samples). */
  id?: string;
  type: string;
  /** ISO time the server recorded it. */
  at: string;
  stationId?: string;
  sessionId?: number;
  data: D;
}

/** Receives events; must not throw (errors are caught and logged by the bus). */
export type EventHandler = (event: DomainEvent) => void;

/** Carries events from the writers to the consumers. In-process now; NATS when clustered. */
export interface Bus {
  publish(event: DomainEvent): void;
  /** Subscribes to all events, or to those whose type starts with one of `prefixes`. Returns the unsubscribe. */
  subscribe(handler: EventHandler, prefixes?: readonly string[]): () => void;
}
