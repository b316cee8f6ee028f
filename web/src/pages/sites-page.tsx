/** The sites (places with stations), with their stations online, sessions and power. */
import { useSites } from '../api/queries.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { formatCount, formatPower } from '../format.js';
import { Link, navigate } from '../router.js';

/** The sites page. */
export function SitesPage() {
  const sites = useSites();
  return (
    <>
      <PageHeader title="Sites" subtitle="Locations and the stations at each" />
      <Panel title="Sites">
        {sites.isPending ? <Loading /> : sites.isError ? <ErrorBox error={sites.error} /> : sites.data.length === 0 ? <Empty>No sites yet.</Empty> : (
          <div className="scroll-box">
            <table className="simple-table">
              <thead>
                <tr><th scope="col">Site</th><th scope="col">Address</th><th scope="col" className="num">Stations</th><th scope="col" className="num">Online</th><th scope="col" className="num">Sessions</th><th scope="col" className="num">Power</th></tr>
              </thead>
              <tbody>
                {sites.data.map((s) => (
                  <tr key={s.id} className="clickable" onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/sites/${encodeURIComponent(s.id)}`); }}>
                    <td><Link to={`/sites/${encodeURIComponent(s.id)}`} className="strong">{s.name}</Link></td>
                    <td className="muted">{s.address ?? '—'}</td>
                    <td className="num">{formatCount(s.stationCount)}</td>
                    <td className="num">{formatCount(s.onlineCount)}</td>
                    <td className="num">{formatCount(s.activeSessions)}</td>
                    <td className="num">{formatPower(s.powerW)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
