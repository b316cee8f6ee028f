/** What an unknown path shows. */
import { PageHeader } from '../components/layout.js';
import { Link } from '../router.js';

/** The not-found page. */
export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>There is nothing at this address. <Link to="/">Go to the overview</Link>.</p>
    </>
  );
}
