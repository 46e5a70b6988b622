import type { SignInConfig } from '../api/authApi';

/**
 * OpenID Connect authorization code flow with PKCE (RFC 7636) in the browser. Only the
 * one-time PKCE verifier and state cross the redirect to the provider, in sessionStorage,
 * and are removed on return; the token itself stays in memory (sessionStore).
 */
const PENDING_KEY = 'huishoudview.oidc-pending';

interface Pending {
  state: string;
  verifier: string;
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export function redirectUri(): string {
  return `${window.location.origin}/aanmelden`;
}

/** Sends the browser to the provider's sign-in page. */
export async function startOidcSignIn(oidc: NonNullable<SignInConfig['oidc']>): Promise<void> {
  const pending: Pending = { state: randomText(), verifier: randomText() };
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(oidc.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(oidc.resource ? { resource: oidc.resource } : {}),
  }).toString();
  window.location.assign(url.toString());
}

/**
 * The provider's answer on return (`?code&state` or `?error`), checked against the
 * pending state; the pending values are removed whatever the outcome.
 */
export function takeOidcReturn(search: URLSearchParams): { code: string; verifier: string } | { error: string } | null {
  if (!search.has('code') && !search.has('error')) return null;
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (search.has('error')) return { error: 'Aanmelden bij uw organisatie is afgebroken of geweigerd. Probeer het opnieuw.' };
  const pending = raw ? (JSON.parse(raw) as Pending) : null;
  const code = search.get('code');
  if (!pending || !code || search.get('state') !== pending.state) return { error: 'Dit aanmeldverzoek is niet (meer) geldig. Meld u opnieuw aan.' };
  return { code, verifier: pending.verifier };
}
