import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectRoot';

/** The identity provider the apps sign in with (OpenID Connect, authorization code + PKCE). */
export interface OidcClientOptions {
  /** The provider's issuer URL; its discovery document lives under `/.well-known/openid-configuration`. Env `OIDC_ISSUER`. */
  issuer: string;
  /** The apps' client id at the provider (a public client: no secret, PKCE instead). Env `OIDC_CLIENT_ID`. */
  clientId: string;
  /** Env `OIDC_SCOPE`. */
  scope: string;
  /** RFC 8707 resource indicator for the gateway, when the provider needs one to issue a JWT access token. Env `OIDC_RESOURCE`. */
  resource?: string;
}

/** How the gateway serves the apps for people (web/); `defaultAppsOptions()` holds every default. */
export interface AppsOptions {
  /** The built apps (`npm run build:web` writes `web/dist`). Env `APPS_DIR`. */
  dir: string;
  /** How long a development sign-in lasts, in seconds. Env `DEV_SIGN_IN_TTL_SECONDS`. */
  devTokenTtlSeconds: number;
  /** Sign-in through an identity provider; unset: development sign-in (outside production only). */
  oidc?: OidcClientOptions;
  /** How long one call to the identity provider may take. */
  oidcTimeoutMs: number;
}

export function defaultAppsOptions(): AppsOptions {
  return {
    dir: path.join(PROJECT_ROOT, 'web', 'dist'),
    devTokenTtlSeconds: 3600,
    oidcTimeoutMs: 5000,
  };
}

/** The apps' settings from the environment; only what is set. */
export function appsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<AppsOptions> {
  const options: Partial<AppsOptions> = {};
  if (env.APPS_DIR) options.dir = path.resolve(env.APPS_DIR);
  if (env.DEV_SIGN_IN_TTL_SECONDS) {
    const ttl = Number(env.DEV_SIGN_IN_TTL_SECONDS);
    if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`DEV_SIGN_IN_TTL_SECONDS must be a positive whole number, not "${env.DEV_SIGN_IN_TTL_SECONDS}".`);
    options.devTokenTtlSeconds = ttl;
  }
  if (env.OIDC_ISSUER || env.OIDC_CLIENT_ID) {
    if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID) throw new Error('OIDC_ISSUER and OIDC_CLIENT_ID go together: set both to sign in through an identity provider, or neither.');
    options.oidc = {
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      scope: env.OIDC_SCOPE || 'openid',
      ...(env.OIDC_RESOURCE ? { resource: env.OIDC_RESOURCE } : {}),
    };
  }
  return options;
}
