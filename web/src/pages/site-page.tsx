/** One site: its facts, its stations live, and the site's power as it changes. */
import { useEffect, useRef, useState } from 'react';
import { flatItems, useSite, useStationPages } from '../api/queries.js';
import type { StationListItem } from '../api/types.js';
import { AccessRulePanel } from '../components/access-rule-panel.js';
import { ConnectorDots } from '../components/connector-dots.js';
import { Empty, ErrorBox, Facts, Loading, Panel, StatCard } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { PowerChart } from '../components/power-chart.js';
import { OnlineMark, StatusBadge } from '../components/status-badge.js';
import { formatCount, formatPower } from '../format.js';
import { Link } from '../router.js';

/** Sites up to this many stations are loaded whole, so their power can be summed live from station events. */
const LIVE_SUM_LIMIT = 2_000;

/** Site power from its stations' live power (complete when every station of the site is loaded). */
function useSitePower(stations: StationListItem[], fallbackW: number, complete: boolean): { powerW: number; points: Array<[number, number]> } {
  const powerW = complete ? stations.reduce((sum, s) => sum + s.powerW, 0) : fallbackW;
  const [points, setPoints] = useState<Array<[number, number]>>(() => [[Date.now(), powerW]]);
  const last = useRef(powerW);
  useEffect(() => {
    if (last.current === powerW) return;
    last.current = powerW;
    setPoints((p) => [...p.slice(-1999), [Date.now(), powerW]]);
  }, [powerW]);
  return { powerW, points };
}

/** The site page. */
export function SitePage({ id }: { id: string }) {
  const site = useSite(id);
  const stations = useStationPages({ siteId: id });
  const rows = flatItems(stations.data);
  useEffect(() => {
    if (stations.hasNextPage && !stations.isFetchingNextPage && rows.length < LIVE_SUM_LIMIT) void stations.fetchNextPage();
  }, [stations, rows.length]);
  const { powerW, points } = useSitePower(rows, site.data?.powerW ?? 0, stations.isSuccess && !stations.hasNextPage);
  if (site.isPending) return <Loading />;
  if (site.isError) return <><PageHeader title="Site" back={{ to: '/sites', label: 'Sites' }} /><ErrorBox error={site.error} /></>;
  const s = site.data;
  const online = stations.isSuccess && !stations.hasNextPage ? rows.filter((r) => r.online).length : s.onlineCount;
  const hours = Object.entries(s.openingHours);
  return (
    <>
      <PageHeader title={s.name} back={{ to: '/sites', label: 'Sites' }} subtitle={s.address ?? undefined} />
      <div className="stats">
        <StatCard label="Stations" value={formatCount(s.stationCount)} note={`${formatCount(online)} online`} />
        <StatCard label="Charging" value={formatCount(rows.reduce((n, r) => n + r.connectors.filter((c) => c.sessionId !== null).length, 0) || s.activeSessions)} />
        <StatCard label="Power now" value={<span data-testid="site-power">{formatPower(powerW)}</span>} />
      </div>
      <div className="grid">
        <Panel title="Site power" className="span-2">
          <PowerChart points={points} label={`Power of site ${s.name} since this page opened`} height={200} />
          <p className="muted small">Live since this page opened.</p>
        </Panel>
        <Panel title="Site">
          <Facts items={[
            ['Time zone', s.timezone], ['Coordinates', s.latitude !== null && s.longitude !== null ? `${s.latitude.toFixed(5)}, ${s.longitude.toFixed(5)}` : '—'],
            ['Opening hours', hours.length === 0 ? 'Always open' : hours.map(([day, spans]) => `${day} ${spans.map((x) => x.join('–')).join(', ')}`).join('; ')],
          ]} />
        </Panel>
        <AccessRulePanel scope="site" id={s.id} />
      </div>
      <Panel title={`Stations (${formatCount(s.stationCount)})`}>
        {stations.isPending ? <Loading /> : stations.isError ? <ErrorBox error={stations.error} /> : rows.length === 0 ? <Empty>No station at this site.</Empty> : (
          <div className="scroll-box tall">
            <table className="simple-table">
              <thead><tr><th scope="col">Station</th><th scope="col">Status</th><th scope="col">Connection</th><th scope="col">Connectors</th><th scope="col" className="num">Power</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td><Link to={`/stations/${encodeURIComponent(r.id)}`} className="mono strong">{r.id}</Link> <span className="muted">{r.name ?? ''}</span></td>
                    <td><StatusBadge status={r.status} offline={!r.online} /></td>
                    <td><OnlineMark online={r.online} /></td>
                    <td><ConnectorDots connectors={r.connectors} /></td>
                    <td className="num">{formatPower(r.powerW)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {stations.hasNextPage && (
          <button type="button" className="button button-ghost button-block" onClick={() => void stations.fetchNextPage()} disabled={stations.isFetchingNextPage}>More stations</button>
        )}
      </Panel>
    </>
  );
}
