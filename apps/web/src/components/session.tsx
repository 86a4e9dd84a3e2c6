'use client';

import { ZSessionResponse, type TUser } from '@recurrence/contracts';
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { api, ApiRequestError } from '../lib/api';

type SessionState = {
  user: TUser | null;
  /** Reads the session again (after signing in or up) and renders the server's parts of the page again. */
  refresh(): Promise<void>;
  startAsGuest(): Promise<void>;
  signOut(): Promise<void>;
};

const SessionContext = createContext<SessionState | null>(null);

/** Who is signed in; the server read it for the first render (GET /api/v1/auth/me, 401 = nobody). */
export function SessionProvider({ initialUser, children }: { initialUser: TUser | null; children: ReactNode }) {
  const router = useRouter();
  const [user, setUser] = useState<TUser | null>(initialUser);

  const refresh = useCallback(async () => {
    try {
      setUser((await api(ZSessionResponse, '/api/v1/auth/me')).user);
    } catch (error) {
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
      setUser(null);
    }
    router.refresh();
  }, [router]);

  const startAsGuest = useCallback(async () => {
    setUser((await api(ZSessionResponse, '/api/v1/auth/guest', { method: 'POST' })).user);
    router.refresh();
  }, [router]);

  const signOut = useCallback(async () => {
    await api(z.null(), '/api/v1/auth/sign-out', { method: 'POST' });
    setUser(null);
    router.refresh();
  }, [router]);

  return <SessionContext.Provider value={{ user, refresh, startAsGuest, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
