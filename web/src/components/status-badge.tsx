/** A coloured status word for a connector or station, and an online/offline marker. */

const TONES: Record<string, string> = {
  Available: 'ok', Charging: 'charging', Faulted: 'fault', Unavailable: 'off', Preparing: 'warn', Finishing: 'warn',
  SuspendedEV: 'suspended', SuspendedEVSE: 'suspended', Occupied: 'warn', Reserved: 'info',
};

/** The tone class for a status (shared with charts and legends). */
export function statusTone(status: string | null | undefined): string {
  return (status && TONES[status]) || 'neutral';
}

/** A status badge; `offline` mutes it (the last status reported before the station went away). */
export function StatusBadge({ status, offline = false }: { status: string | null | undefined; offline?: boolean }) {
  const label = status ?? 'No connectors';
  return (
    <span className={`badge tone-${statusTone(status)}${offline ? ' is-offline' : ''}`} data-status={status ?? ''} title={offline ? `${label} (last known, station offline)` : label}>
      {label}
    </span>
  );
}

/** Online / offline with a dot. */
export function OnlineMark({ online }: { online: boolean }) {
  return (
    <span className={`online ${online ? 'is-online' : 'is-offline'}`} data-online={online}>
      <span className="dot" aria-hidden="true" />
      {online ? 'Online' : 'Offline'}
    </span>
  );
}

/** Admission state as a small pill (only shown when not accepted). */
export function AdmissionBadge({ admission }: { admission: string }) {
  if (admission === 'accepted') return null;
  return <span className={`badge tone-${admission === 'pending' ? 'warn' : 'fault'}`}>{admission === 'pending' ? 'Pending approval' : admission}</span>;
}
