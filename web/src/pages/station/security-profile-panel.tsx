/** The station's security profile: the lowest it may connect with (editable) and the one it last connected with. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { StationDetail, UpdateStationRequest } from '../../api/types.js';
import { ErrorBox, Facts, Panel } from '../../components/feedback.js';

const PROFILES: Record<number, string> = {
  0: '0 — no authentication',
  1: '1 — Basic auth password',
  2: '2 — TLS + Basic auth password',
  3: '3 — TLS client certificate',
};

/** Shows the required and the last connected profile, and lets an operator change the required one. */
export function SecurityProfilePanel({ station }: { station: StationDetail }) {
  const client = useQueryClient();
  const [chosen, setChosen] = useState(station.requiredSecurityProfile);
  const save = useMutation({
    mutationFn: (securityProfile: number) => api<StationDetail>(`/stations/${encodeURIComponent(station.id)}`, { method: 'PATCH', body: { securityProfile } satisfies UpdateStationRequest }),
    onSuccess: (updated) => client.setQueryData(keys.station(station.id), updated),
  });
  const weaker = station.online && station.securityProfile < station.requiredSecurityProfile;
  return (
    <Panel title="Security profile">
      <Facts items={[
        ['Required', PROFILES[station.requiredSecurityProfile] ?? String(station.requiredSecurityProfile)],
        ['Last connected with', station.connectedAt ? (PROFILES[station.securityProfile] ?? String(station.securityProfile)) : '—'],
        ['Password', station.hasPassword ? 'set' : 'none'],
      ]} />
      {weaker && <p className="muted small">The open connection predates the requirement; the station's next connection must meet it.</p>}
      <form className="filters" aria-label="Required security profile" onSubmit={(e) => { e.preventDefault(); save.mutate(chosen); }}>
        <label className="field field-grow">
          <span>Require</span>
          <select value={chosen} onChange={(e) => setChosen(Number(e.target.value))}>
            {Object.entries(PROFILES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <button type="submit" className="button" disabled={save.isPending || chosen === station.requiredSecurityProfile}>{save.isPending ? 'Saving…' : 'Save'}</button>
      </form>
      {save.isError && <ErrorBox error={save.error} title="Not changed" />}
    </Panel>
  );
}
