// Who is signed in, from GET /v1/session (the httpOnly cookie is invisible to
// scripts, as it should be); sign-in as a development identity and sign-out.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, CONSOLE_HEADER, errorText, type Role, type Session } from './api/client';

interface SessionState {
  session?: Session;
  error?: string;
  signIn(identity: NonNullable<Session['developmentIdentities']>[number]['name']): Promise<string | undefined>;
  signOut(): Promise<void>;
  has(role: Role): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.GET('/v1/session').then(
      ({ data }) => (data ? setSession(data) : setError('GET /v1/session failed')),
      (failure: Error) => setError(failure.message),
    );
  }, []);

  const signIn = useCallback<SessionState['signIn']>(async (identity) => {
    const { data, error: refused } = await api.POST('/v1/session/development', { params: { header: CONSOLE_HEADER }, body: { identity } });
    if (data) setSession(data);
    return data ? undefined : errorText(refused, 'sign-in failed');
  }, []);

  const signOut = useCallback(async () => {
    await api.DELETE('/v1/session', { params: { header: CONSOLE_HEADER } });
    setSession((previous) => previous && { ...previous, signedIn: false, principal: null });
  }, []);

  const has = useCallback(
    (role: Role) => Boolean(session?.principal?.roles.some((held) => held === role || held === 'admin')),
    [session],
  );

  return <SessionContext.Provider value={{ session, error, signIn, signOut, has }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession() outside SessionProvider');
  return state;
}
