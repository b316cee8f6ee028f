/** The operator's commands for one station, each confirmed and answered by the station itself. */
import type { StationDetail } from '../../api/types.js';
import { CommandButton, type CommandField } from '../../components/command-button.js';
import { Panel } from '../../components/feedback.js';

function connectorOptions(station: StationDetail, withWhole = false): Array<{ value: string; label: string }> {
  const options = station.connectors.map((c) => ({ value: `${c.evseId}/${c.connectorId}`, label: `EVSE ${c.evseId} · connector ${c.connectorId} (${c.status})` }));
  return withWhole ? [{ value: '', label: 'The whole station' }, ...options] : options;
}

function target(value: string | undefined): { evseId?: number; connectorId?: number } {
  if (!value) return {};
  const [evseId, connectorId] = value.split('/').map(Number);
  return { evseId, connectorId };
}

const TRIGGERS = ['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'FirmwareStatusNotification', 'DiagnosticsStatusNotification', 'LogStatusNotification'];

/** The command buttons; they are disabled while the station is offline. */
export function StationCommands({ station }: { station: StationDetail }) {
  const offline = !station.online;
  const running = station.connectors.filter((c) => c.sessionId !== null);
  const connectorField = (withWhole = false): CommandField => ({ name: 'connector', label: 'Connector', kind: 'select', options: connectorOptions(station, withWhole) });
  const common = { stationId: station.id, disabled: offline };
  return (
    <Panel title="Commands" actions={offline ? <span className="muted small">The station is offline</span> : undefined}>
      <div className="command-grid">
        <CommandButton {...common} label="Reset" title={`Reset ${station.id}`} danger
          description="The station restarts. A soft reset ends running sessions gracefully; a hard reset reboots at once."
          fields={[{ name: 'kind', label: 'Kind', kind: 'select', options: [{ value: 'soft', label: 'Soft reset' }, { value: 'hard', label: 'Hard reset' }] }]}
          build={(v) => ({ command: 'reset', kind: v.kind === 'hard' ? 'hard' : 'soft' })} />
        <CommandButton {...common} label="Remote start" title="Start a session remotely"
          description="The station starts charging on the chosen connector for this id token (as if the card were presented)."
          fields={[connectorField(), { name: 'idToken', label: 'Id token', kind: 'text', required: true, placeholder: 'e.g. 04A2B3C4' }]}
          build={(v) => ({ command: 'remote-start', idToken: v.idToken!.trim(), ...target(v.connector) })} />
        <CommandButton {...common} label="Remote stop" title="Stop a running session" danger disabled={offline || running.length === 0}
          description="The station ends the chosen session and the EV stops charging."
          fields={[{ name: 'session', label: 'Session', kind: 'select', options: running.map((c) => ({ value: String(c.sessionId), label: `#${c.sessionId} on EVSE ${c.evseId} · connector ${c.connectorId}` })) }]}
          build={(v) => ({ command: 'remote-stop', sessionId: Number(v.session) })} />
        <CommandButton {...common} label="Unlock connector" title="Unlock a connector"
          description="The station releases the cable lock of the chosen connector. Use it when a driver cannot unplug."
          fields={[connectorField()]}
          build={(v) => ({ command: 'unlock', evseId: target(v.connector).evseId ?? 1, connectorId: target(v.connector).connectorId ?? 1 })} />
        <CommandButton {...common} label="Change availability" title="Change availability"
          description="Inoperative connectors refuse new sessions until made operative again."
          fields={[
            { name: 'availability', label: 'Availability', kind: 'select', options: [{ value: 'inoperative', label: 'Inoperative' }, { value: 'operative', label: 'Operative' }] },
            connectorField(true),
          ]}
          build={(v) => ({ command: 'availability', availability: v.availability === 'operative' ? 'operative' : 'inoperative', ...target(v.connector) })} />
        <CommandButton {...common} label="Trigger message" title="Ask the station to send a message"
          description="The station sends the chosen message now, e.g. a fresh StatusNotification or MeterValues."
          fields={[{ name: 'message', label: 'Message', kind: 'select', options: TRIGGERS.map((t) => ({ value: t, label: t })) }, connectorField(true)]}
          build={(v) => ({ command: 'trigger', message: v.message ?? 'Heartbeat', ...target(v.connector) })} />
        <CommandButton {...common} label="Clear cache" title="Clear the authorization cache"
          description="The station forgets the id tokens it has cached, and asks the server again next time."
          build={() => ({ command: 'clear-cache' })} />
      </div>
    </Panel>
  );
}
