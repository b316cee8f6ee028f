/** Uptime (NEVI, 23 CFR 680.116): per-port ledger over a period, station and site roll-ups, months, the quarterly CSV and excluded periods. */
import { useState, type FormEvent } from 'react';
import { downloadUrl } from '../api/client.js';
import type { ExclusionReason, UptimeQuery } from '../api/types.js';
import { useAddExclusion, useDeleteExclusion, useExclusions, useUptimeMonthly, useUptimePorts, useUptimeSites, useUptimeStations } from '../api/uptime.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { areaSeries, UPlotChart } from '../components/uplot-chart.js';
import { Link, setSearchParams, useLocation } from '../router.js';

const REASONS: ExclusionReason[] = ['utility_outage', 'vehicle_fault', 'scheduled_maintenance', 'vandalism', 'natural_disaster'];
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)} %`);
const day = (d: Date) => d.toISOString().slice(0, 10);

function currentQuarter(): string {
  const d = new Date();
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** The uptime page. */
export function UptimePage() {
  const { search } = useLocation();
  const to = search.get('to') ?? day(new Date(Date.now() + 86_400_000));
  const from = search.get('from') ?? day(new Date(Date.parse(to) - 365 * 86_400_000));
  const query: UptimeQuery = { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z` };
  const ports = useUptimePorts(query);
  const [quarter, setQuarter] = useState(currentQuarter());
  const set = (changes: Record<string, string>) => setSearchParams({ ...Object.fromEntries(search.entries()), ...changes });
  return (
    <>
      <PageHeader title="Uptime" subtitle="Per-port uptime with the NEVI formula (23 CFR 680.116)" />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field"><span>From</span><input type="date" value={from} onChange={(e) => set({ from: e.target.value })} /></label>
        <label className="field"><span>To</span><input type="date" value={to} onChange={(e) => set({ to: e.target.value })} /></label>
        <label className="field"><span>Quarter</span><input value={quarter} pattern="\d{4}-Q[1-4]" onChange={(e) => setQuarter(e.target.value)} /></label>
        <a className="button" href={downloadUrl('/uptime/report', { quarter, format: 'csv' })}>Quarterly report (CSV)</a>
      </form>
      {ports.data && <p className="muted small">{ports.data.period.formula}</p>}
      <Panel title="Monthly uptime"><MonthlyChart /></Panel>
      <div className="grid">
        <Panel title="Sites"><SitesTable query={query} /></Panel>
        <Panel title="Stations" className="span-2"><StationsTable query={query} /></Panel>
      </div>
      <Panel title="Ports">
        {ports.isPending ? <Loading /> : ports.isError ? <ErrorBox error={ports.error} /> : ports.data.items.length === 0 ? <Empty>No port has reported yet.</Empty> : (
          <div className="scroll-box tall">
            <table className="simple-table">
              <thead><tr><th scope="col">Station</th><th scope="col">Port</th><th scope="col" className="num">Uptime</th><th scope="col" className="num">T_outage (min)</th><th scope="col" className="num">T_excluded (min)</th><th scope="col" className="num">Outside hours (min)</th><th scope="col" className="num">Outages</th></tr></thead>
              <tbody>
                {ports.data.items.map((p) => (
                  <tr key={`${p.stationId}:${p.evseId}`}>
                    <td><Link to={`/stations/${encodeURIComponent(p.stationId)}`}>{p.stationName ?? p.stationId}</Link></td><td>{p.evseId}</td>
                    <td className="num">{pct(p.uptime)}</td><td className="num">{p.tOutage}</td><td className="num">{p.tExcluded}</td><td className="num">{p.outsideHoursMinutes}</td><td className="num">{p.outageCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <Panel title="Excluded periods"><Exclusions query={query} /></Panel>
    </>
  );
}

function MonthlyChart() {
  const months = useUptimeMonthly({});
  if (months.isPending) return <Loading />;
  if (months.isError) return <ErrorBox error={months.error} />;
  const rows = months.data.filter((m) => m.uptime !== null);
  if (rows.length === 0) return <Empty>No month with figures yet.</Empty>;
  const x = rows.map((m) => Date.parse(`${m.month}T00:00:00Z`) / 1000);
  return (
    <UPlotChart label="Uptime per month, and over the 12 months ending with each" height={220}
      options={{ series: [{}, areaSeries('Month', '#2563eb', '%', 'y', 2), areaSeries('12 months', '#16a34a', '%', 'y', 2)], scales: { y: { range: [Math.min(90, ...rows.map((m) => m.uptime ?? 100)), 100] } } }}
      data={[x, rows.map((m) => m.uptime), rows.map((m) => m.uptime12m)]} />
  );
}

function SitesTable({ query }: { query: UptimeQuery }) {
  const sites = useUptimeSites(query);
  if (sites.isPending) return <Loading />;
  if (sites.isError) return <ErrorBox error={sites.error} />;
  return (
    <table className="simple-table">
      <thead><tr><th scope="col">Site</th><th scope="col" className="num">Ports</th><th scope="col" className="num">Mean uptime</th><th scope="col" className="num">T_outage</th></tr></thead>
      <tbody>{sites.data.items.map((s) => <tr key={s.siteId ?? 'none'}><td>{s.siteName ?? 'No site'}</td><td className="num">{s.ports}</td><td className="num">{pct(s.meanUptime)}</td><td className="num">{s.tOutage}</td></tr>)}</tbody>
    </table>
  );
}

function StationsTable({ query }: { query: UptimeQuery }) {
  const stations = useUptimeStations(query);
  if (stations.isPending) return <Loading />;
  if (stations.isError) return <ErrorBox error={stations.error} />;
  return (
    <div className="scroll-box">
      <table className="simple-table">
        <thead><tr><th scope="col">Station</th><th scope="col" className="num">Ports</th><th scope="col" className="num">Mean uptime</th><th scope="col" className="num">T_outage</th><th scope="col" className="num">T_excluded</th></tr></thead>
        <tbody>{stations.data.items.map((s) => <tr key={s.stationId}><td>{s.stationName ?? s.stationId}</td><td className="num">{s.ports}</td><td className="num">{pct(s.meanUptime)}</td><td className="num">{s.tOutage}</td><td className="num">{s.tExcluded}</td></tr>)}</tbody>
      </table>
    </div>
  );
}

function Exclusions({ query }: { query: UptimeQuery }) {
  const list = useExclusions(query);
  const add = useAddExclusion();
  const remove = useDeleteExclusion();
  const [form, setForm] = useState({ stationId: '', evseId: '', startsAt: '', endsAt: '', reason: 'utility_outage' as ExclusionReason, evidence: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({
      stationId: form.stationId, evseId: form.evseId ? Number(form.evseId) : null, startsAt: new Date(form.startsAt).toISOString(), endsAt: new Date(form.endsAt).toISOString(),
      reason: form.reason, evidence: form.evidence || null,
    });
  };
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label="Add an excluded period">
        <label className="field"><span>Station</span><input required value={form.stationId} onChange={(e) => setForm({ ...form, stationId: e.target.value })} /></label>
        <label className="field"><span>Port</span><input inputMode="numeric" value={form.evseId} placeholder="all" onChange={(e) => setForm({ ...form, evseId: e.target.value })} /></label>
        <label className="field"><span>From</span><input required type="datetime-local" value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} /></label>
        <label className="field"><span>To</span><input required type="datetime-local" value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} /></label>
        <label className="field"><span>Reason</span><select value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value as ExclusionReason })}>{REASONS.map((r) => <option key={r} value={r}>{r.replace('_', ' ')}</option>)}</select></label>
        <label className="field field-grow"><span>Evidence (note or URL)</span><input value={form.evidence} onChange={(e) => setForm({ ...form, evidence: e.target.value })} /></label>
        <button type="submit" disabled={add.isPending}>Add</button>
      </form>
      {add.isError && <ErrorBox error={add.error} />}
      {list.isPending ? <Loading /> : list.isError ? <ErrorBox error={list.error} /> : list.data.length === 0 ? <Empty>No excluded period in this period.</Empty> : (
        <table className="simple-table">
          <thead><tr><th scope="col">Scope</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Reason</th><th scope="col">Evidence</th><th scope="col" /></tr></thead>
          <tbody>{list.data.map((x) => (
            <tr key={x.id}>
              <td>{x.scope === 'site' ? `site ${x.siteId}` : `${x.stationId}${x.evseId !== null ? ` / ${x.evseId}` : ''}`}</td><td>{new Date(x.startsAt).toLocaleString()}</td><td>{new Date(x.endsAt).toLocaleString()}</td>
              <td>{x.reason.replace('_', ' ')}</td><td>{x.evidence ?? x.note ?? ''}</td><td><button type="button" className="link" onClick={() => remove.mutate(x.id)}>Delete</button></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
