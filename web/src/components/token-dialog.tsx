/** Add or edit an id token: type and text (new only), status, expiry, group, driver, label and limits. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api/client.js';
import { createToken, deleteToken, updateToken, useDriverChoices, useTokenUsage } from '../api/tokens.js';
import type { IdTokenRequest, IdTokenTypeName, IdTokenView } from '../api/types.js';
import { formatEnergy } from '../format.js';
import { Dialog } from './dialog.js';

const TYPES: IdTokenTypeName[] = ['ISO14443', 'ISO15693', 'Central', 'KeyCode', 'eMAID', 'MacAddress', 'Local'];
const STATUSES: Array<IdTokenView['status']> = ['accepted', 'blocked', 'expired', 'invalid'];

interface Form {
  token: string; type: IdTokenTypeName; status: IdTokenView['status']; expiresAt: string; groupId: string; driverId: string; label: string;
  maxConcurrentSessions: string; monthlySessions: string; monthlyEnergyKwh: string;
}

function formOf(t: IdTokenView | null, driverId: string): Form {
  const n = (v: number | null) => (v === null ? '' : String(v));
  return {
    token: t?.token ?? '', type: (t?.type as IdTokenTypeName | undefined) ?? 'ISO14443', status: t?.status ?? 'accepted',
    expiresAt: t?.expiresAt ? t.expiresAt.slice(0, 16) : '', groupId: t?.groupId ?? '', driverId: t?.driverId ?? driverId, label: t?.label ?? '',
    maxConcurrentSessions: n(t?.maxConcurrentSessions ?? null), monthlySessions: n(t?.monthlySessions ?? null), monthlyEnergyKwh: n(t?.monthlyEnergyKwh ?? null),
  };
}

const num = (text: string) => (text.trim() === '' ? null : Number(text));

/**
 * The dialog; `token` null adds a new one. `manage` allows every field; without it (technicians) only the
 * status can change, as the server enforces.
 */
export function TokenDialog({ open, token, manage, driverId = '', onClose }: { open: boolean; token: IdTokenView | null; manage: boolean; driverId?: string; onClose(): void }) {
  const client = useQueryClient();
  const [form, setForm] = useState<Form>(() => formOf(token, driverId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const drivers = useDriverChoices();
  const usage = useTokenUsage(open && token ? token.token : null);
  const set = (changes: Partial<Form>) => setForm({ ...form, ...changes });
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const fields = {
    status: form.status, expiresAt: form.expiresAt ? new Date(form.expiresAt).toISOString() : null, groupId: form.groupId.trim() || null,
    driverId: form.driverId || null, label: form.label.trim() || null,
    maxConcurrentSessions: num(form.maxConcurrentSessions), monthlySessions: num(form.monthlySessions), monthlyEnergyKwh: num(form.monthlyEnergyKwh),
  };
  const save = () => run(() => {
    if (token) return updateToken(client, token.token, manage ? fields : { status: form.status });
    // A new token sends only the fields that have a value.
    const body: IdTokenRequest = { token: form.token.trim(), type: form.type, status: form.status };
    if (fields.expiresAt) body.expiresAt = fields.expiresAt;
    if (fields.groupId) body.groupId = fields.groupId;
    if (fields.driverId) body.driverId = fields.driverId;
    if (fields.label) body.label = fields.label;
    if (fields.maxConcurrentSessions !== null) body.maxConcurrentSessions = fields.maxConcurrentSessions;
    if (fields.monthlySessions !== null) body.monthlySessions = fields.monthlySessions;
    if (fields.monthlyEnergyKwh !== null) body.monthlyEnergyKwh = fields.monthlyEnergyKwh;
    return createToken(client, body);
  });
  const remove = () => run(() => deleteToken(client, token!.token));
  const locked = !manage;
  return (
    <Dialog
      open={open}
      title={token ? `Token ${token.token}` : 'New id token'}
      onClose={onClose}
      footer={(
        <>
          {token && manage && <button type="button" className="button button-danger-outline" disabled={busy} onClick={() => { if (confirm(`Delete token ${token.token}?`)) void remove(); }}>Delete</button>}
          <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="button" className="button button-primary" onClick={() => void save()} disabled={busy || (!token && !form.token.trim())}>{busy ? 'Saving…' : 'Save'}</button>
        </>
      )}
    >
      <div className="form-grid">
        <label className="field"><span>Token</span><input value={form.token} disabled={token !== null} required maxLength={36} autoComplete="off" onChange={(e) => set({ token: e.target.value })} /></label>
        <label className="field">
          <span>Type</span>
          <select value={form.type} disabled={token !== null} onChange={(e) => set({ type: e.target.value as IdTokenTypeName })}>
            {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={form.status} onChange={(e) => set({ status: e.target.value as IdTokenView['status'] })}>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="field"><span>Expires</span><input type="datetime-local" value={form.expiresAt} disabled={locked} onChange={(e) => set({ expiresAt: e.target.value })} /></label>
        <label className="field"><span>Group (parent id tag)</span><input value={form.groupId} disabled={locked} maxLength={36} onChange={(e) => set({ groupId: e.target.value })} /></label>
        <label className="field">
          <span>Driver</span>
          <select value={form.driverId} disabled={locked} onChange={(e) => set({ driverId: e.target.value })}>
            <option value="">No driver</option>
            {(drivers.data?.items ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}{d.email ? ` (${d.email})` : ''}</option>)}
          </select>
        </label>
        <label className="field"><span>Sessions at a time</span><input type="number" min={1} max={100} step={1} value={form.maxConcurrentSessions} disabled={locked} placeholder="No limit" onChange={(e) => set({ maxConcurrentSessions: e.target.value })} /></label>
        <label className="field"><span>Sessions per month</span><input type="number" min={1} step={1} value={form.monthlySessions} disabled={locked} placeholder="No limit" onChange={(e) => set({ monthlySessions: e.target.value })} /></label>
        <label className="field"><span>kWh per month</span><input type="number" min={0} step="any" value={form.monthlyEnergyKwh} disabled={locked} placeholder="No limit" onChange={(e) => set({ monthlyEnergyKwh: e.target.value })} /></label>
      </div>
      <label className="field"><span>Label</span><input value={form.label} disabled={locked} maxLength={200} onChange={(e) => set({ label: e.target.value })} /></label>
      {token && !token.ocpp16 && <div className="alert alert-warn">Longer than 20 characters: OCPP 1.6 stations cannot use this token.</div>}
      {usage.data && (
        <p className="small muted" data-testid="token-usage">
          This month: {usage.data.sessions} sessions, {formatEnergy(usage.data.energyWh)}; {usage.data.activeSessions} running now.
        </p>
      )}
      {error && <div className="alert alert-error" role="alert">{error}</div>}
    </Dialog>
  );
}
