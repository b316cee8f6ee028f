import type { Logger } from '../core/shared/logger.js';
import type { Bus, DomainEvent, EventHandler } from './bus.js';

interface Subscription {
  handler: EventHandler;
  prefixes?: readonly string[];
}

/** Delivers events synchronously to subscribers of this process; a failing subscriber never affects others. */
export class InProcessBus implements Bus {
  private readonly subs = new Set<Subscription>();

  constructor(private readonly logger: Logger) {}

  publish(event: DomainEvent): void {
    for (const sub of this.subs) {
      if (sub.prefixes && !sub.prefixes.some((p) => event.type.startsWith(p))) continue;
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
    return () => this.subs.delete(sub);
  }
}
