import cliProgress from 'cli-progress';
import type { FleetStats } from './fleet.js';

/** A one-line live view of a large fleet on stderr: booted out of total, plus connected, charging, messages, errors. */
export class FleetProgress {
  private readonly bar: cliProgress.SingleBar;
  private readonly timer: NodeJS.Timeout;

  constructor(total: number, read: () => FleetStats) {
    this.bar = new cliProgress.SingleBar({
      format: 'stations |{bar}| {value}/{total} booted | {connected} connected | {charging} charging | {messages} msgs | {errors} errors',
      hideCursor: true,
      clearOnComplete: false,
    }, cliProgress.Presets.shades_classic);
    this.bar.start(total, 0, { connected: 0, charging: 0, messages: 0, errors: 0 });
    this.timer = setInterval(() => {
      const s = read();
      this.bar.update(s.booted, { connected: s.connected, charging: s.charging, messages: s.sent + s.commands, errors: s.errors });
    }, 500);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.bar.stop();
  }
}
