/** Camera / sensor sources for admins: add (the secret shows once), map cameras to a site and stations, switch off, rotate, remove. */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client.js';
import { useSites } from '../api/queries.js';
import { createSecuritySource, deleteSecuritySource, updateSecuritySource, useSecuritySources } from '../api/security.js';
import type { CameraMapping, SecuritySourceView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from './feedback.js';

type Row = { cameraId: string; siteId: string; stations: string };

const toRows = (cameras: CameraMapping[]): Row[] => cameras.map((c) => ({ cameraId: c.cameraId, siteId: c.siteId ?? '', stations: c.stationIds.join(', ') }));
const toMappings = (rows: Row[]): CameraMapping[] => rows.filter((r) => r.cameraId.trim()).map((r) => ({
  cameraId: r.cameraId.trim(), siteId: r.siteId || null, stationIds: r.stations.split(',').map((s) => s.trim()).filter(Boolean),
}));

function Secret({ secret, onDone }: { secret: string; onDone(): void }) {
  return (
    <div className="secret-box" role="status">
      <p>Give this secret to the camera system now; it is not shown again. It signs each request: <span className="mono">X-Chargewatch-Signature: t=&lt;unix s&gt;,v1=&lt;HMAC-SHA256 of "t.body"&gt;</span>.</p>
      <p className="mono strong">{secret}</p>
      <button type="button" className="button button-ghost" onClick={onDone}>I have stored it</button>
    </div>
  );
}

function CameraEditor({ source, onSecret }: { source: SecuritySourceView; onSecret(secret: string): void }) {
  const client = useQueryClient();
  const sites = useSites();
  const [rows, setRows] = useState<Row[]>(toRows(source.cameras));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const set = (i: number, change: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const rotate = () => run(async () => {
    const answer = await updateSecuritySource(client, source.id, { rotateSecret: true });
    if ('secret' in answer) onSecret(answer.secret);
  });
  return (
    <div className="stack" data-testid={`security-source-${source.name}`}>
      <div className="filters">
        <span className="strong">{source.name}</span>
        <span className="muted mono">id {source.id}</span>
        {source.disabled && <span className="badge tone-off">off</span>}
        <button type="button" className="button button-ghost" disabled={busy} onClick={() => void run(() => updateSecuritySource(client, source.id, { disabled: !source.disabled }))}>{source.disabled ? 'Switch on' : 'Switch off'}</button>
        <button type="button" className="button button-ghost" disabled={busy} onClick={() => void rotate()}>New secret</button>
        <button type="button" className="button button-ghost" disabled={busy} onClick={() => { if (confirm(`Remove ${source.name}? Its events stay.`)) void run(() => deleteSecuritySource(client, source.id)); }}>Remove</button>
      </div>
      <table className="simple-table">
        <thead><tr><th scope="col">Camera id</th><th scope="col">Site</th><th scope="col">Stations (comma separated)</th><th scope="col" /></tr></thead>
        <tbody>{rows.map((r, i) => (
          <tr key={i}>
            <td><input aria-label="Camera id" value={r.cameraId} onChange={(e) => set(i, { cameraId: e.target.value })} /></td>
            <td><select aria-label="Site" value={r.siteId} onChange={(e) => set(i, { siteId: e.target.value })}><option value="">None</option>{(sites.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select></td>
            <td><input aria-label="Stations" value={r.stations} onChange={(e) => set(i, { stations: e.target.value })} /></td>
            <td><button type="button" className="link" onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove</button></td>
          </tr>
        ))}</tbody>
      </table>
      <div className="filters">
        <button type="button" className="button button-ghost" onClick={() => setRows([...rows, { cameraId: '', siteId: '', stations: '' }])}>Add camera</button>
        <button type="button" disabled={busy} onClick={() => void run(() => updateSecuritySource(client, source.id, { cameras: toMappings(rows) }))}>Save cameras</button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
    </div>
  );
}

/** The sources panel of the security page (admins only). */
export function SecuritySourcesAdmin() {
  const client = useQueryClient();
  const sources = useSecuritySources(true);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await createSecuritySource(client, { name: name.trim() });
      setSecret(created.secret);
      setName('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Panel title="Camera and sensor sources">
      <p className="muted">Events are POSTed to <span className="mono">/api/integrations/security-events</span> as JSON (source id, cameraId, eventType, at, snapshotUrl, details), signed with the source's secret. Unmapped cameras are kept against the source.</p>
      <form className="filters" onSubmit={(e) => void add(e)} aria-label="Add a source">
        <label className="field field-grow"><span>New source</span><input required maxLength={100} value={name} placeholder="e.g. Depot NVR" onChange={(e) => setName(e.target.value)} /></label>
        <button type="submit">Add source</button>
      </form>
      {error && <p className="error-text" role="alert">{error}</p>}
      {secret && <Secret secret={secret} onDone={() => setSecret(null)} />}
      {sources.isPending ? <Loading /> : sources.isError ? <ErrorBox error={sources.error} /> : sources.data.length === 0 ? <Empty>No sources yet.</Empty>
        : sources.data.map((s) => <CameraEditor key={`${s.id}-${JSON.stringify(s.cameras)}`} source={s} onSecret={setSecret} />)}
    </Panel>
  );
}
