'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { CardLanguageSwitch } from './card-language';
import { useSession } from './session';

export function Header() {
  const { user, loading, signOut } = useSession();
  const router = useRouter();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Recurrence
      </Link>
      <nav aria-label="Main">
        <Link href="/">Decks</Link>
        <Link href="/study">Study</Link>
        <Link href="/lab">Lab</Link>
        {user?.role === 'admin' && <Link href="/admin">Admin</Link>}
      </nav>
      <div className="header-right">
        <CardLanguageSwitch />
        {loading ? null : user && !user.isGuest ? (
          <>
            <span className="muted" data-testid="signed-in-as">
              {user.displayName ?? user.email}
            </span>
            <button
              type="button"
              className="link-button"
              onClick={async () => {
                await signOut();
                router.push('/');
              }}
            >
              Sign out
            </button>
          </>
        ) : (
          <>
            {user?.isGuest && <span className="muted">Guest</span>}
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up" className="button small">
              {user?.isGuest ? 'Save progress' : 'Sign up'}
            </Link>
          </>
        )}
      </div>
    </header>
  );
}
