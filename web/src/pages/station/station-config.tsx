/** The station's configuration: the last known keys, a fresh read from the station, and changing a key. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { runCommand } from '../../api/commands.js';
import { keys } from '../../api/queries.js';
import type { CommandResult, StationDetail } from '../../api/types.js';
import { CommandButton } from '../../components/command-button.js';
import { Empty, ErrorBox, Panel } from '../../components/feedback.js';

type Entry = StationDetail['configuration'][number];

/** The configuration panel. */
export function StationConfig({ station }: { station: StationDetail }) {
  const client = useQueryClient();
  const [filter, setFilter] = useState('');
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<unknown>(null);
  const [unknownKeys, setUnknownKeys] = useState<string[]>([]);
  const entries = station.configuration;

  const store = (next: Entry[]) => {
    const current = client.getQueryData<StationDetail>(keys.station(station.id));
    if (current) client.setQueryData(keys.station(station.id), { ...current, configuration: next });
  };
  const read = async () => {
    setReading(true);
    setReadError(null);
    try {
      const result = await runCommand(station.id, { command: 'get-configuration' });
      if (result.configuration) store(result.configuration);
      setUnknownKeys(result.unknownKeys ?? []);
    } catch (error) {
      setReadError(error);
    } finally {
      setReading(false);
    }
  };
  const changed = (key: string, value: string) => (result: CommandResult) => {
    if (result.status !== 'Accepted' && result.status !== 'RebootRequired') return;
    const current = client.getQueryData<StationDetail>(keys.station(station.id))?.configuration ?? entries;
    const exists = current.some((e) => e.key === key);
    store(exists ? current.map((e) => (e.key === key ? { ...e, value } : e)) : [...current, { key, value, readonly: false }]);
  };

  const needle = filter.trim().toLowerCase();
  const shown = needle ? entries.filter((e) => e.key.toLowerCase().includes(needle) || (e.value ?? '').toLowerCase().includes(needle)) : entries;

  return (
    <Panel
      title="Configuration"
      actions={(
        <>
          <CommandButton stationId={station.id} disabled={!station.online} label="Change a key" title="Change a configuration key"
            description="The station stores the new value; some keys only take effect after a reboot."
            fields={[{ name: 'key', label: 'Key', kind: 'text', required: true }, { name: 'value', label: 'Value', kind: 'text', required: true }]}
            build={(v) => ({ command: 'change-configuration', key: v.key!.trim(), value: v.value ?? '' })}
            onResult={(r, v) => changed(v.key!.trim(), v.value ?? '')(r)} />
          <button type="button" className="button button-secondary" disabled={!station.online || reading} onClick={() => void read()}>
            {reading ? 'Reading…' : 'Read from station'}
          </button>
        </>
      )}
    >
      {readError !== null && <ErrorBox error={readError} title="The station did not return its configuration" />}
      {unknownKeys.length > 0 && <p className="muted small">Unknown keys: {unknownKeys.join(', ')}</p>}
      {entries.length === 0 ? <Empty>No configuration known yet. Read it from the station.</Empty> : (
        <>
          <label className="field field-inline">
            <span>Filter keys</span>
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="e.g. Heartbeat" />
          </label>
          <div className="scroll-box">
            <table className="simple-table">
              <thead><tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {shown.map((e) => (
                  <tr key={e.key} data-key={e.key}>
                    <td className="mono">{e.key}</td>
                    <td className="mono break">{e.value ?? <span className="muted">not set</span>}</td>
                    <td className="right">
                      {e.readonly ? <span className="muted small">read-only</span> : (
                        <CommandButton stationId={station.id} disabled={!station.online} small label="Edit" title={`Change ${e.key}`}
                          description={<>Current value: <code>{e.value ?? 'not set'}</code></>}
                          fields={[{ name: 'value', label: 'New value', kind: 'text', required: true }]} initial={{ value: e.value ?? '' }}
                          build={(v) => ({ command: 'change-configuration', key: e.key, value: v.value ?? '' })}
                          onResult={(r, v) => changed(e.key, v.value ?? '')(r)} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Panel>
  );
}
