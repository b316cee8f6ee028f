import type { Logger } from '../core/shared/logger.js';
import type { Bus, DomainEvent, EventHandler } from './bus.js';

interface Subscription {
  handler: EventHandler;
  prefixes?: readonly string[];
}

/** Whether a subscription wants events of this type. */
function wants(sub: Subscription, type: string): boolean {
  if (!sub.prefixes) return true;
  for (const p of sub.prefixes) if (type.startsWith(p)) return true;
  return false;
}

/**
 * Delivers events synchronously to subscribers of this process; a failing subscriber never affects others.
 * The subscribers of each event type are worked out once (meter samples alone are thousands a second).
 */
export class InProcessBus implements Bus {
  private readonly subs = new Set<Subscription>();
  private readonly routes = new Map<string, Subscription[]>();

  constructor(private readonly logger: Logger) {}

  publish(event: DomainEvent): void {
    let route = this.routes.get(event.type);
    if (!route) {
      route = [...this.subs].filter((sub) => wants(sub, event.type));
      this.routes.set(event.type, route);
    }
    for (const sub of route) {
      // A subscriber that left during this delivery gets nothing more.
      if (!this.subs.has(sub)) continue;
      try {
        sub.handler(event);
      } catch (error) {
        this.logger.error({ err: (error as Error).message, type: event.type }, 'event subscriber failed');
      }
    }
  }

  subscribe(handler: EventHandler, prefixes?: readonly string[]): () => void {
    const sub: Subscription = { handler, prefixes };
    this.subs.add(sub);
    this.routes.clear();
    return () => {
      this.subs.delete(sub);
      this.routes.clear();
    };
  }
}
