/** The station's certificates with their expiry, the installed inventory, its CSRs, and moving it to another security profile. */
import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useMe } from '../../api/auth.js';
import { useCertificateAction, useCertificates, useProfileMove } from '../../api/certificates.js';
import { runCommand } from '../../api/commands.js';
import type { KnownCertificateView, ProfileMoveResult, StationDetail } from '../../api/types.js';
import { Dialog } from '../../components/dialog.js';
import { Empty, ErrorBox, Loading, Panel } from '../../components/feedback.js';
import { useNow } from '../../components/use-now.js';
import { formatDateTime } from '../../format.js';

/** Roles that may install and delete certificates and move profiles (the API's MANAGE_ROLES). */
const MANAGING_ROLES = new Set(['admin', 'operator']);
const DAY_MS = 86_400_000;

/** An expiry date, coloured when it is within the alert's window or past. */
function Expiry({ at, withinDays, now }: { at: string | null; withinDays: number; now: number }) {
  if (!at) return <span className="muted">unknown</span>;
  const left = Date.parse(at) - now;
  const tone = left <= 0 ? 'tone-fault' : left <= withinDays * DAY_MS ? 'tone-warn' : '';
  const label = left <= 0 ? 'expired' : `${Math.floor(left / DAY_MS)} d`;
  return <span>{formatDateTime(at)} {tone ? <span className={`badge ${tone}`}>{label}</span> : <span className="muted small">({label})</span>}</span>;
}

/** The certificates panel. */
export function CertificatesPanel({ station }: { station: StationDetail }) {
  const me = useMe();
  const canManage = MANAGING_ROLES.has(me.data?.user.role ?? '');
  const certs = useCertificates(station.id);
  const action = useCertificateAction(station.id);
  const request = useMutation({ mutationFn: () => runCommand(station.id, { command: 'trigger', message: 'SignChargingStationCertificate' }) });
  const [moving, setMoving] = useState(false);
  const now = useNow();
  const offline = !station.online;
  const busy = action.isPending || request.isPending;
  let body: ReactNode;
  if (certs.isPending) body = <Loading />;
  else if (certs.isError) body = <ErrorBox error={certs.error} />;
  else {
    const { known, installed, requests, expiringWithinDays } = certs.data;
    const held = known.filter((k: KnownCertificateView) => k.status === 'accepted');
    body = (
      <>
        <h3>Held (issued or installed by us)</h3>
        {held.length === 0 ? <Empty>No certificate of ours on this station.</Empty> : (
          <table className="simple-table">
            <thead><tr><th scope="col">Type</th><th scope="col">Subject</th><th scope="col">Expires</th></tr></thead>
            <tbody>
              {held.map((k) => (
                <tr key={k.id}><td>{k.certificateType}</td><td className="mono small">{k.subject}</td><td><Expiry at={k.notAfter} withinDays={expiringWithinDays} now={now} /></td></tr>
              ))}
            </tbody>
          </table>
        )}
        <h3>Installed (as the station reports)</h3>
        {installed.length === 0 ? <Empty>None reported; refresh to ask the station.</Empty> : (
          <table className="simple-table">
            <thead><tr><th scope="col">Type</th><th scope="col">Serial</th><th scope="col">Expires</th>{canManage && <th scope="col"><span className="sr-only">Delete</span></th>}</tr></thead>
            <tbody>
              {installed.map((c) => (
                <tr key={c.id}>
                  <td>{c.certificateType}</td><td className="mono small">{c.serialNumber}</td><td><Expiry at={c.expiresAt} withinDays={expiringWithinDays} now={now} /></td>
                  {canManage && <td><button type="button" className="button button-secondary button-small" disabled={offline || busy} onClick={() => action.mutate({ delete: c.id })}>Delete</button></td>}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {requests.length > 0 && (
          <p className="small muted">
            Last CSR {formatDateTime(requests[0]!.requestedAt)}: {requests[0]!.status}{requests[0]!.reason ? ` — ${requests[0]!.reason}` : ''}
          </p>
        )}
      </>
    );
  }
  const answer = action.data && 'status' in action.data ? action.data.status : request.data?.status;
  return (
    <Panel title="Certificates">
      {body}
      <div className="command-grid">
        <button type="button" disabled={offline || busy} onClick={() => action.mutate({ refresh: true })}>Refresh</button>
        <button type="button" disabled={offline || busy} onClick={() => request.mutate()}>Renew client certificate</button>
        {canManage && <button type="button" disabled={offline} onClick={() => setMoving(true)}>Move security profile…</button>}
      </div>
      {offline && <p className="muted small">The station is offline.</p>}
      {(action.isError || request.isError) && <ErrorBox error={action.error ?? request.error} title="The station did not take it" />}
      {answer && <p className="small" role="status">Station answered {answer}.</p>}
      {moving && <MoveDialog station={station} onClose={() => setMoving(false)} />}
    </Panel>
  );
}

function MoveDialog({ station, onClose }: { station: StationDetail; onClose(): void }) {
  const move = useProfileMove(station.id);
  const [profile, setProfile] = useState<1 | 2 | 3>(Math.min(3, Math.max(1, station.securityProfile + 1)) as 1 | 2 | 3);
  const [password, setPassword] = useState('');
  const needsPassword = profile !== 3;
  const result: ProfileMoveResult | undefined = move.data;
  return (
    <Dialog
      open title={`Move ${station.id} to another security profile`} onClose={onClose}
      footer={(
        <>
          <button type="button" className="button button-secondary" onClick={onClose}>Close</button>
          <button type="submit" form="move-profile" className="button" disabled={move.isPending || (needsPassword && (password.length < 16 || password.length > 40))}>
            {move.isPending ? 'Moving… (waits for the reconnect)' : 'Move'}
          </button>
        </>
      )}
    >
      <form id="move-profile" className="stack" onSubmit={(e) => { e.preventDefault(); move.mutate(needsPassword ? { profile, password } : { profile }); }}>
        <label className="field">
          <span>Profile</span>
          <select value={profile} onChange={(e) => setProfile(Number(e.target.value) as 1 | 2 | 3)}>
            <option value={1}>1 — Basic auth password</option>
            <option value={2}>2 — TLS + Basic auth password</option>
            <option value={3}>3 — TLS client certificate</option>
          </select>
        </label>
        {needsPassword && (
          <label className="field">
            <span>New station password (16–40 characters)</span>
            <input type="password" autoComplete="new-password" minLength={16} maxLength={40} value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
        )}
        <p className="small muted">
          The credential is set first, then the station is switched and must reconnect with the new profile; only then is its required profile raised. Any refused step stops the move.
        </p>
      </form>
      {move.isError && <ErrorBox error={move.error} title="Not moved" />}
      {result && (
        <>
          <p role="status" className="strong">{result.ok ? `Moved to security profile ${result.profile}.` : 'Stopped at a failed step.'}</p>
          <table className="simple-table">
            <thead><tr><th scope="col">Step</th><th scope="col">Sent</th><th scope="col">Answer</th></tr></thead>
            <tbody>
              {result.steps.map((s) => (
                <tr key={s.step}>
                  <td>{s.step}</td><td className="small">{s.request}</td>
                  <td><span className={`badge ${s.ok ? 'tone-ok' : 'tone-fault'}`}>{s.answer ?? 'error'}</span>{s.detail && <span className="small muted"> {s.detail}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
