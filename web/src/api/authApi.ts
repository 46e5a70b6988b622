import type { SignedInPerson } from '../session/sessionStore';

/** How to sign in here, as the gateway says (`GET /auth/config`). */
export interface SignInConfig {
  signIn: 'development' | 'oidc' | 'none';
  graphiql: boolean;
  oidc?: { authorizationEndpoint: string; clientId: string; scope: string; resource?: string };
}

/** A refusal from a sign-in route, with the gateway's message. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, cache: 'no-store', credentials: 'omit' });
  } catch {
    throw new SignInError('De huishoudview is nu niet bereikbaar. Probeer het zo opnieuw.');
  }
  const body = (await response.json().catch(() => null)) as (T & { errors?: Array<{ message: string }> }) | null;
  if (!response.ok || body === null) throw new SignInError(body?.errors?.[0]?.message ?? `Aanmelden lukte niet (status ${response.status}).`);
  return body;
}

let config: Promise<SignInConfig> | undefined;

export function signInConfig(): Promise<SignInConfig> {
  config ??= call<SignInConfig>('/auth/config');
  config.catch(() => (config = undefined));
  return config;
}

function postJson<T>(path: string, body: unknown): Promise<T> {
  return call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function devToken(sub: string, role: string): Promise<{ token: string }> {
  return postJson('/auth/dev-token', { sub, role });
}

export function exchangeOidcCode(code: string, codeVerifier: string, redirectUri: string): Promise<{ token: string }> {
  return postJson('/auth/oidc/token', { code, codeVerifier, redirectUri });
}

/** Who the token belongs to, verified by the gateway, with the purposes of their role. */
export function whoAmI(token: string): Promise<SignedInPerson> {
  return call<SignedInPerson>('/auth/me', { headers: { authorization: `Bearer ${token}` } });
}
