/** One station: identity, connection, connectors live, power, commands, sessions, messages and configuration. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api/client.js';
import { approveStation } from '../api/commands.js';
import { useStation } from '../api/queries.js';
import type { StationDetail } from '../api/types.js';
import { ErrorBox, Facts, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { SessionsTable } from '../components/sessions-table.js';
import { AdmissionBadge, OnlineMark, StatusBadge } from '../components/status-badge.js';
import { useNow } from '../components/use-now.js';
import { formatAgo, formatDateTime } from '../format.js';
import { Link } from '../router.js';
import { CertificatesPanel } from './station/certificates-panel.js';
import { ConnectorsPanel } from './station/connectors-panel.js';
import { LocalListPanel } from './station/local-list-panel.js';
import { AccessRulePanel } from '../components/access-rule-panel.js';
import { MaintenancePanel } from './station/maintenance-panel.js';
import { SecurityProfilePanel } from './station/security-profile-panel.js';
import { SecurityTimelinePanel } from './station/security-timeline-panel.js';
import { StationCommands } from './station/station-commands.js';
import { StationConfig } from './station/station-config.js';
import { StationMessages } from './station/station-messages.js';
import { StationPower } from './station/station-power.js';

const TABS = ['Sessions', 'Security', 'Message log', 'Configuration', 'Connections'] as const;
type Tab = (typeof TABS)[number];

function Approve({ station }: { station: StationDetail }) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      await approveStation(client, station.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="approve">
      <button type="button" className="button button-primary" onClick={() => void approve()} disabled={busy}>{busy ? 'Approving…' : 'Approve station'}</button>
      {error && <span className="error-text" role="alert">{error}</span>}
    </div>
  );
}

function Connections({ station }: { station: StationDetail }) {
  return (
    <div className="two-col">
      <div>
        <h3>Connections</h3>
        <table className="simple-table">
          <thead><tr><th scope="col">Connected</th><th scope="col">Disconnected</th><th scope="col">Reason</th></tr></thead>
          <tbody>
            {station.connections.map((c) => (
              <tr key={c.connectedAt}><td>{formatDateTime(c.connectedAt)}</td><td>{c.disconnectedAt ? formatDateTime(c.disconnectedAt) : <span className="badge tone-ok">connected</span>}</td><td>{c.closeReason ?? '—'}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <h3>Boots</h3>
        <table className="simple-table">
          <thead><tr><th scope="col">Time</th><th scope="col">Reason</th><th scope="col">Firmware</th></tr></thead>
          <tbody>
            {station.boots.map((b) => <tr key={b.at}><td>{formatDateTime(b.at)}</td><td>{b.reason ?? '—'}</td><td className="mono">{b.firmwareVersion ?? '—'}</td></tr>)}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The station page. */
export function StationPage({ id }: { id: string }) {
  const query = useStation(id);
  const now = useNow();
  const [tab, setTab] = useState<Tab>('Sessions');
  if (query.isPending) return <Loading />;
  if (query.isError) return <><PageHeader title={id} back={{ to: '/stations', label: 'Stations' }} /><ErrorBox error={query.error} /></>;
  const s = query.data;
  return (
    <>
      <PageHeader
        title={<><span className="mono">{s.id}</span>{s.name && <span className="title-name">{s.name}</span>}</>}
        back={{ to: '/stations', label: 'Stations' }}
        subtitle={(
          <span className="header-meta" data-testid="station-header">
            <OnlineMark online={s.online} />
            <span>{s.online ? `connected ${formatAgo(s.connectedAt, now)}` : `last seen ${formatAgo(s.lastSeenAt, now)}`}</span>
            <StatusBadge status={s.status} offline={!s.online} />
            <AdmissionBadge admission={s.admission} />
            {s.simulated && <span className="badge tone-info">Simulated</span>}
          </span>
        )}
      >
        {s.admission === 'pending' && <Approve station={s} />}
      </PageHeader>
      <div className="grid station-grid">
        <div className="stack span-2">
          <ConnectorsPanel station={s} />
          <MaintenancePanel station={s} />
          <StationPower station={s} />
        </div>
        <div className="stack">
          <Panel title="Station">
            <Facts items={[
              ['Vendor', s.vendor ?? '—'], ['Model', s.model ?? '—'], ['Firmware', <span className="mono">{s.firmwareVersion ?? '—'}</span>],
              ['Protocol', s.protocol ? `OCPP ${s.protocol}` : '—'], ['Serial', s.serialNumber ?? '—'],
              ['Site', s.siteId ? <Link to={`/sites/${encodeURIComponent(s.siteId)}`}>{s.siteName ?? s.siteId}</Link> : '—'],
              ['Security profile', `${s.securityProfile} (required ${s.requiredSecurityProfile})`], ['Last boot', formatDateTime(s.lastBootAt)], ['Last seen', formatDateTime(s.lastSeenAt)],
            ]} />
          </Panel>
          <StationCommands station={s} />
          <SecurityProfilePanel station={s} />
          <CertificatesPanel station={s} />
          <LocalListPanel station={s} />
          <AccessRulePanel scope="station" id={s.id} />
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label="Station details">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls="station-tabpanel" className={tab === t ? 'active' : ''} onClick={() => setTab(t)}>{t}</button>
        ))}
      </div>
      <div id="station-tabpanel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'Sessions' && <Panel title="Sessions"><SessionsTable query={{ stationId: s.id }} showStation={false} /></Panel>}
        {tab === 'Security' && <SecurityTimelinePanel stationId={s.id} />}
        {tab === 'Message log' && <StationMessages stationId={s.id} />}
        {tab === 'Configuration' && <StationConfig station={s} />}
        {tab === 'Connections' && <Panel title="Connection history"><Connections station={s} /></Panel>}
      </div>
    </>
  );
}
