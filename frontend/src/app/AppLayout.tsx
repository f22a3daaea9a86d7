import { Link, NavLink, Outlet } from 'react-router';
import { describeError } from '../api/client';
import { useSession } from '../features/auth/hooks/useSession';
import { useSignOut } from '../features/auth/hooks/useSignOut';

/** The signed-in shell: top bar, main navigation and the current page. */
export function AppLayout() {
  const { data: session } = useSession();
  const signOut = useSignOut();

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link to="/" className="top-bar__brand">
          Newsdesk
        </Link>
        <nav aria-label="Main" className="top-bar__nav">
          <NavLink to="/" end>
            Queue
          </NavLink>
        </nav>
        <div className="top-bar__account">
          <span className="top-bar__user">{session?.user.name}</span>
          <button type="button" className="button button--quiet" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
        {signOut.isError && (
          <p role="alert" className="top-bar__error">
            Sign-out failed: {describeError(signOut.error)}
          </p>
        )}
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
