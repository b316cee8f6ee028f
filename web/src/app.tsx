/** The app shell: who is signed in, the live stream, and which page the path shows. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useMe, type SessionUser } from './api/auth.js';
import { setCsrfToken, setUnauthorizedHandler } from './api/client.js';
import { startLive } from './api/live.js';
import { keys } from './api/queries.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { ErrorBox, Loading } from './components/feedback.js';
import { Layout } from './components/layout.js';
import { ChangePasswordPage, LoginPage } from './pages/login-page.js';
import { HealthPage } from './pages/health-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { NotificationSettingsPage } from './pages/notification-settings-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { RulesPage } from './pages/rules-page.js';
import { SecurityPage } from './pages/security-page.js';
import { AuditPage } from './pages/audit-page.js';
import { SessionPage } from './pages/session-page.js';
import { SessionsPage } from './pages/sessions-page.js';
import { SitePage } from './pages/site-page.js';
import { SitesPage } from './pages/sites-page.js';
import { StationPage } from './pages/station-page.js';
import { StationsPage } from './pages/stations-page.js';
import { TariffsPage } from './pages/tariffs-page.js';
import { TicketPage } from './pages/ticket-page.js';
import { TicketsPage } from './pages/tickets-page.js';
import { UptimePage } from './pages/uptime-page.js';
import { DriverPage } from './pages/driver-page.js';
import { DriversPage } from './pages/drivers-page.js';
import { TokensPage } from './pages/tokens-page.js';
import { matchPath, navigate, useLocation } from './router.js';

type Route = { pattern: string; render(params: Record<string, string>): ReactNode };

const ROUTES: Route[] = [
  { pattern: '/', render: () => <OverviewPage /> },
  { pattern: '/stations', render: () => <StationsPage /> },
  { pattern: '/stations/:id', render: (p) => <StationPage key={p.id} id={p.id!} /> },
  { pattern: '/sessions', render: () => <SessionsPage /> },
  { pattern: '/sessions/:id', render: (p) => <SessionPage key={p.id} id={Number(p.id)} /> },
  { pattern: '/sites', render: () => <SitesPage /> },
  { pattern: '/sites/:id', render: (p) => <SitePage key={p.id} id={p.id!} /> },
  { pattern: '/tariffs', render: () => <TariffsPage /> },
  { pattern: '/health', render: () => <HealthPage /> },
  { pattern: '/health/rules', render: () => <RulesPage /> },
  { pattern: '/incidents/:id', render: (p) => <IncidentPage key={p.id} id={Number(p.id)} /> },
  { pattern: '/tickets', render: () => <TicketsPage /> },
  { pattern: '/uptime', render: () => <UptimePage /> },
  { pattern: '/drivers', render: () => <DriversPage /> },
  { pattern: '/drivers/tokens', render: () => <TokensPage /> },
  { pattern: '/drivers/:id', render: (p) => <DriverPage key={p.id} id={p.id!} /> },
  { pattern: '/tickets/:id', render: (p) => <TicketPage key={p.id} id={Number(p.id)} /> },
  { pattern: '/settings/notifications', render: () => <NotificationSettingsPage /> },
  { pattern: '/security', render: () => <SecurityPage /> },
  { pattern: '/audit', render: () => <AuditPage /> },
];

function renderRoute(path: string): ReactNode {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return route.render(params);
  }
  return <NotFoundPage />;
}

/** Keeps the live stream open while someone is signed in. */
function LiveStream({ userId }: { userId: string }) {
  const client = useQueryClient();
  useEffect(() => startLive(client), [client, userId]);
  return null;
}

/** The whole app. */
export function App() {
  const client = useQueryClient();
  const me = useMe();
  const { path, search } = useLocation();
  const user = (me.data?.user ?? null) as SessionUser | null;

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      client.setQueryData(keys.me, null);
    });
    return () => setUnauthorizedHandler(null);
  }, [client]);

  const signedOut = me.isSuccess && !user;
  useEffect(() => {
    if (signedOut && path !== '/login') navigate(`/login${path === '/' ? '' : `?next=${encodeURIComponent(path + location.search)}`}`, { replace: true });
    if (user && path === '/login') {
      const next = search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    }
  }, [signedOut, user, path, search]);

  useEffect(() => {
    const title = path === '/' ? 'Overview' : path.split('/')[1] ?? '';
    document.title = `${title.charAt(0).toUpperCase()}${title.slice(1)} · Chargewatch`;
  }, [path]);

  if (me.isPending) return <div className="splash"><Loading /></div>;
  if (me.isError) return <div className="splash"><ErrorBox error={me.error} title="Chargewatch cannot reach its server" /></div>;
  if (!user) return <LoginPage />;
  if (user.mustChangePassword) return <ChangePasswordPage user={user} />;
  return (
    <>
      <LiveStream userId={user.id} />
      <Layout user={user}><ErrorBoundary key={path}>{path === '/login' ? <Loading /> : renderRoute(path)}</ErrorBoundary></Layout>
    </>
  );
}
