import { useSyncExternalStore } from 'react';

/** A purpose the signed-in person's role may declare (from the gateway's policy). */
export interface OfferedPurpose {
  id: string;
  name: string;
  /** Present when the purpose may open a household without a relation in acute danger (break-glass): hours the access lasts. */
  breakGlassHours?: number;
}

/** Who is signed in, as the gateway verified it. */
export interface SignedInPerson {
  sub: string;
  name: string;
  org: string;
  role: string;
  purposes: OfferedPurpose[];
}

export interface Session {
  /** The bearer token. Held in this module's memory only: never in web storage, cookies or URLs. */
  token: string;
  person: SignedInPerson;
}

interface State {
  session: Session | null;
  /** Why the person was signed out, shown on the sign-in page once. */
  notice: string | null;
  /** Where to go after signing in again. */
  returnTo: string | null;
}

let state: State = { session: null, notice: null, returnTo: null };
const listeners = new Set<() => void>();

function set(next: State): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The session, in memory: a reload or a new tab starts signed out. */
export const sessionStore = {
  get: (): State => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(session: Session): void {
    set({ session, notice: null, returnTo: state.returnTo });
  },
  /** Forgets the token and everything tied to it. */
  signOut(notice: string | null = null, returnTo: string | null = null): void {
    set({ session: null, notice, returnTo });
  },
  takeReturnTo(): string | null {
    const { returnTo } = state;
    if (returnTo) state = { ...state, returnTo: null };
    return returnTo;
  },
};

export function useSessionState(): State {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
