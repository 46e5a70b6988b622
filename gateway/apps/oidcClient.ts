import type { OidcClientOptions } from './AppsOptions';

/** The identity provider could not be reached or refused; the message is safe to show. */
export class OidcError extends Error {
  override readonly name = 'OidcError';

  constructor(
    message: string,
    /** 502: the provider failed; 400: it refused what the browser sent (an old or reused code). */
    readonly status: 400 | 502,
  ) {
    super(message);
  }
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

/** What the apps need to send a person to the provider's sign-in page. */
export interface OidcPublicConfig {
  authorizationEndpoint: string;
  clientId: string;
  scope: string;
  resource?: string;
}

export interface OidcToken {
  /** The access token the gateway verifies (JWKS, issuer, audience). */
  token: string;
  expiresInSeconds?: number;
}

export interface OidcClient {
  publicConfig(): Promise<OidcPublicConfig>;
  /** Authorization code + PKCE verifier → access token, at the provider's token endpoint. */
  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<OidcToken>;
}

function isDiscovery(value: unknown): value is Discovery {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.authorization_endpoint === 'string' && typeof record.token_endpoint === 'string';
}

/**
 * The gateway's side of the apps' OpenID Connect sign-in. The browser does the redirect
 * and holds the PKCE verifier; the gateway reads the provider's discovery document and
 * relays the code exchange, so the apps' Content-Security-Policy stays `connect-src 'self'`.
 * The provider's answer is checked by the gateway like any token: on each request.
 */
export function createOidcClient(options: OidcClientOptions, timeoutMs: number): OidcClient {
  let discovery: Promise<Discovery> | undefined;
  const discover = (): Promise<Discovery> => {
    discovery ??= (async () => {
      const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      let body: unknown;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
        if (!response.ok) throw new Error(`status ${response.status}`);
        body = await response.json();
      } catch {
        throw new OidcError('The sign-in service cannot be reached right now; try again in a moment.', 502);
      }
      if (!isDiscovery(body)) throw new OidcError('The sign-in service is not set up as expected; ask your administrator.', 502);
      return body;
    })();
    // A failed look-up is tried again on the next sign-in, not remembered.
    discovery.catch(() => (discovery = undefined));
    return discovery;
  };

  return {
    async publicConfig() {
      const { authorization_endpoint } = await discover();
      return { authorizationEndpoint: authorization_endpoint, clientId: options.clientId, scope: options.scope, ...(options.resource ? { resource: options.resource } : {}) };
    },
    async exchangeCode({ code, codeVerifier, redirectUri }) {
      const { token_endpoint } = await discover();
      const form = new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: redirectUri, client_id: options.clientId });
      if (options.resource) form.set('resource', options.resource);
      let response: Response;
      try {
        response = await fetch(token_endpoint, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
      } catch {
        throw new OidcError('The sign-in service cannot be reached right now; try again in a moment.', 502);
      }
      const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
      if (response.status >= 400 && response.status < 500) throw new OidcError('The sign-in was not accepted (it may have expired or been used already); sign in again.', 400);
      if (!response.ok || typeof body.access_token !== 'string') throw new OidcError('The sign-in service gave no usable answer; try again in a moment.', 502);
      return { token: body.access_token, ...(typeof body.expires_in === 'number' ? { expiresInSeconds: body.expires_in } : {}) };
    },
  };
}
