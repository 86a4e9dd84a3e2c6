'use client';

import { ZSessionResponse, type TUser } from '@recurrence/contracts';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { api, ApiRequestError } from '../lib/api';

type SessionState = {
  user: TUser | null;
  loading: boolean;
  refresh(): Promise<void>;
  startAsGuest(): Promise<void>;
  signOut(): Promise<void>;
};

const SessionContext = createContext<SessionState | null>(null);

/** Who is signed in, from GET /api/v1/auth/me (401 means nobody). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<TUser | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      setUser((await api(ZSessionResponse, '/api/v1/auth/me')).user);
    } catch (error) {
      if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  const startAsGuest = useCallback(async () => {
    setUser((await api(ZSessionResponse, '/api/v1/auth/guest', { method: 'POST' })).user);
  }, []);

  const signOut = useCallback(async () => {
    await api(z.null(), '/api/v1/auth/sign-out', { method: 'POST' });
    setUser(null);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return <SessionContext.Provider value={{ user, loading, refresh, startAsGuest, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
