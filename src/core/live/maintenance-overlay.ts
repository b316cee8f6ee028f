import type { DomainEvent } from '../../bus/bus.js';
import type { LiveMaintenance, LiveStation } from './live.js';

/** An active maintenance window as the live view keeps it. */
export interface ActiveWindow extends LiveMaintenance {
  stationId: string;
  /** The port (EVSE) it covers; null: the whole station. */
  evseId: number | null;
}

/**
 * The maintenance windows in force, per station, put onto the live connectors: a port is in maintenance
 * when a window covers it or its whole station. Follows `maintenance.started` / `maintenance.ended`.
 */
export class MaintenanceOverlay {
  private readonly byStation = new Map<string, Map<number, ActiveWindow>>();

  load(windows: readonly ActiveWindow[]): void {
    for (const w of windows) this.add(w);
  }

  /** Applies a maintenance event; true when the station's windows changed. */
  apply(event: DomainEvent): boolean {
    const d = event.data as { windowId?: unknown; evseId?: unknown; reason?: unknown; endsAt?: unknown };
    if (!event.stationId || typeof d.windowId !== 'number') return false;
    if (event.type === 'maintenance.started') {
      this.add({
        stationId: event.stationId, windowId: d.windowId, evseId: typeof d.evseId === 'number' ? d.evseId : null,
        reason: typeof d.reason === 'string' ? d.reason : '', endsAt: typeof d.endsAt === 'string' ? d.endsAt : null,
      });
      return true;
    }
    if (event.type === 'maintenance.ended') return this.byStation.get(event.stationId)?.delete(d.windowId) ?? false;
    return false;
  }

  /** The window a port is in (a station-wide one first), or null. */
  of(stationId: string, evseId: number): LiveMaintenance | null {
    const windows = this.byStation.get(stationId);
    if (!windows) return null;
    let found: ActiveWindow | undefined;
    for (const w of windows.values()) {
      if (w.evseId === null) return { windowId: w.windowId, reason: w.reason, endsAt: w.endsAt };
      if (w.evseId === evseId) found ??= w;
    }
    return found ? { windowId: found.windowId, reason: found.reason, endsAt: found.endsAt } : null;
  }

  /** Sets every connector's `maintenance` of a station. */
  refresh(station: LiveStation): void {
    for (const c of station.connectors) c.maintenance = this.of(station.id, c.evseId);
  }

  private add(w: ActiveWindow): void {
    let windows = this.byStation.get(w.stationId);
    if (!windows) this.byStation.set(w.stationId, (windows = new Map()));
    windows.set(w.windowId, w);
  }
}
