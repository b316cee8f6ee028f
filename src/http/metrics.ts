import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FrameRecord } from '../gateway/types.js';

const FRAME_TYPES: Record<number, string> = { 2: 'call', 3: 'result', 4: 'error' };

/**
 * The process's Prometheus metrics, served at /metrics: station connections, OCPP frames by action and kind,
 * handler latency, database batches, commands and live-stream clients, plus Node's process metrics.
 * server.ts builds one and feeds it from the gateway hooks, the dispatcher and the batch committer.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly handler: Histogram<'action' | 'outcome'>;
  private readonly batchItems: Histogram;
  private readonly batchSeconds: Histogram;
  private readonly commands: Counter<'command' | 'outcome'>;
  private sources: { connections(): number; sseClients(): number } = { connections: () => 0, sseClients: () => 0 };
  /**
   * Frames counted here and handed to the counter when metrics are read: every frame is counted, and
   * prom-client hashes and checks the labels on each increment (it showed in the ingest profile).
   */
  private readonly frameCounts = new Map<string, { labels: { direction: string; action: string; type: string }; n: number; reported: number }>();
  /** Label children by their label values: hashing the labels of every request shows in the ingest profile. */
  private readonly handlerChildren = new Map<string, { observe(value: number): void }>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'chargewatch_' });
    const sources = () => this.sources;
    new Gauge({ name: 'chargewatch_station_connections', help: 'Stations connected to this process', registers, collect() { this.set(sources().connections()); } });
    new Gauge({ name: 'chargewatch_sse_clients', help: 'Open live event streams (GET /api/events)', registers, collect() { this.set(sources().sseClients()); } });
    const frameCounts = this.frameCounts;
    new Counter({
      name: 'chargewatch_ocpp_frames_total', help: 'OCPP frames by direction, action and kind (call, result, error)', labelNames: ['direction', 'action', 'type'], registers,
      collect() {
        for (const c of frameCounts.values()) {
          if (c.n > c.reported) this.inc(c.labels, c.n - c.reported);
          c.reported = c.n;
        }
      },
    });
    this.handler = new Histogram({
      name: 'chargewatch_handler_seconds', help: 'Time to handle a station request, commit included', labelNames: ['action', 'outcome'], registers,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.batchItems = new Histogram({ name: 'chargewatch_db_batch_items', help: 'Items per database batch commit', registers, buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });
    this.batchSeconds = new Histogram({ name: 'chargewatch_db_batch_seconds', help: 'Time to commit one database batch', registers, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });
    this.commands = new Counter({ name: 'chargewatch_commands_total', help: 'Operator commands sent to stations by outcome', labelNames: ['command', 'outcome'], registers });
  }

  /** Where the gauges read their values (set once the gateway and the live stream exist). */
  observe(sources: { connections(): number; sseClients(): number }): void {
    this.sources = sources;
  }

  /** Counts one frame; `action` must come from a known list (station-sent names are free text). */
  frame(record: FrameRecord, action: string): void {
    const type = record.messageType !== undefined ? (FRAME_TYPES[record.messageType] ?? 'invalid') : 'invalid';
    const key = `${record.direction} ${action} ${type}`;
    const count = this.frameCounts.get(key);
    if (count) count.n++;
    else this.frameCounts.set(key, { labels: { direction: record.direction, action, type }, n: 1, reported: 0 });
  }

  /** Records one handled station request. */
  handled(action: string, seconds: number, ok: boolean): void {
    const key = ok ? action : `${action} error`;
    let child = this.handlerChildren.get(key);
    if (!child) this.handlerChildren.set(key, (child = this.handler.labels({ action, outcome: ok ? 'ok' : 'error' })));
    child.observe(seconds);
  }

  /** Records one committed batch. */
  batch(items: number, ms: number): void {
    this.batchItems.observe(items);
    this.batchSeconds.observe(ms / 1000);
  }

  /** Records one operator command. */
  command(command: string, ok: boolean): void {
    this.commands.inc({ command, outcome: ok ? 'ok' : 'error' });
  }

  /** The metrics in Prometheus' text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
