/** Tariffs: the list, creating and editing (each edit is a new version), archiving, and where each applies. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { archiveTariff, saveTariff, useTariffs } from '../api/tariffs.js';
import type { TariffView } from '../api/types.js';
import { Dialog } from '../components/dialog.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { formatMoney } from '../components/session-cost.js';
import { TariffForm } from '../components/tariff-form.js';
import { TariffAssignments } from './tariff-assignments.js';

function summary(t: TariffView): string {
  const c = t.components;
  const m = (n: number) => formatMoney(n, t.currency);
  const parts = [`${m(c.energyPerKwh)}/kWh`];
  if (c.chargingPerMinute > 0) parts.push(`${m(c.chargingPerMinute)}/min charging`);
  if (c.idlePerMinute > 0) parts.push(`${m(c.idlePerMinute)}/min idle after ${c.idleGraceMinutes} min`);
  if (c.sessionFee > 0) parts.push(`${m(c.sessionFee)} per session`);
  if (c.minPrice !== null) parts.push(`min ${m(c.minPrice)}`);
  if (c.maxPrice !== null) parts.push(`max ${m(c.maxPrice)}`);
  if (c.periods.length > 0) parts.push(`${c.periods.length} time-of-day variant${c.periods.length > 1 ? 's' : ''}`);
  return parts.join(' · ');
}

/** The tariffs page. */
export function TariffsPage() {
  const client = useQueryClient();
  const tariffs = useTariffs();
  const [editing, setEditing] = useState<TariffView | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setEditing(undefined);
    setError(null);
  };
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="Tariffs" subtitle="What sessions cost, and where each tariff applies">
        <button type="button" className="button button-primary" onClick={() => setEditing(null)}>New tariff</button>
      </PageHeader>
      <Panel title="Tariffs">
        {tariffs.isPending ? <Loading /> : tariffs.isError ? <ErrorBox error={tariffs.error} /> : tariffs.data.length === 0 ? <Empty>No tariffs yet.</Empty> : (
          <div className="scroll-box">
            <table className="simple-table" data-testid="tariffs">
              <thead><tr><th scope="col">Tariff</th><th scope="col">Prices (before VAT)</th><th scope="col" className="num">VAT</th><th scope="col" className="num">Version</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {tariffs.data.map((t) => (
                  <tr key={t.id}>
                    <td className="strong">{t.name}</td>
                    <td className="muted">{summary(t)}</td>
                    <td className="num">{t.vatPercent} %</td>
                    <td className="num">{t.version}</td>
                    <td className="right">
                      <button type="button" className="button button-secondary button-small" onClick={() => setEditing(t)}>Edit</button>{' '}
                      <button type="button" className="button button-danger-outline button-small" disabled={busy} onClick={() => void run(() => archiveTariff(client, t.id))}>Archive</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <TariffAssignments tariffs={tariffs.data ?? []} />
      <Dialog
        open={editing !== undefined}
        title={editing ? `Edit ${editing.name} (saves version ${editing.version + 1})` : 'New tariff'}
        onClose={close}
        footer={(
          <>
            <button type="button" className="button button-ghost" onClick={close}>Cancel</button>
            <button type="submit" form="tariff-form" className="button button-primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
          </>
        )}
      >
        {error !== null && <ErrorBox error={error} title="The tariff was not saved" />}
        {editing !== undefined && <TariffForm key={editing?.id ?? 'new'} tariff={editing} formId="tariff-form" onSubmit={(body) => void run(() => saveTariff(client, editing?.id ?? null, body))} />}
      </Dialog>
    </>
  );
}
