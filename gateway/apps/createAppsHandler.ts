import type { IncomingMessage, ServerResponse } from 'node:http';
import type pino from 'pino';
import { sendJson, type FallbackHandler, type RouteHandler } from '../../platform/graphqlHttpHandler';
import { BodyTooLargeError, readBody } from '../../platform/readBody';
import type { AuthConfig } from '../auth/authConfig';
import { AuthConfigError } from '../auth/AuthConfigError';
import { DevTokenRequestError } from '../auth/DevTokenRequestError';
import { signDevToken } from '../auth/signDevToken';
import type { Identity } from '../auth/Identity';
import type { AppsOptions } from './AppsOptions';
import { OidcError, createOidcClient, type OidcClient } from './oidcClient';
import { contentSecurityPolicy } from './securityHeaders';
import { serveStaticFiles } from './staticFiles';

/** A purpose a role may declare, as the apps offer it. */
export interface OfferedPurpose {
  id: string;
  name: string;
  /** Present when the purpose may break the glass (policy `breakGlass`): how long such an access lasts. */
  breakGlassHours?: number;
}

export interface AppsHandlerOptions {
  apps: AppsOptions;
  auth: AuthConfig;
  /** Whether the GraphQL IDE is offered (only where introspection is on). */
  introspection: boolean;
  /** The verified caller, or why not; absent when the gateway runs without a policy. */
  identify?: (req: IncomingMessage) => Promise<{ identity?: Identity; refusal?: { message: string } }>;
  /** The purposes a role may declare; undefined for a role the policy does not know. */
  purposesOf?: (role: string) => OfferedPurpose[] | undefined;
  log: pino.Logger;
}

/** How a person signs in to the apps here. */
export type SignInMode = 'development' | 'oidc' | 'none';

const MAX_AUTH_BODY_BYTES = 4096;

function error(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readBody(req, MAX_AUTH_BODY_BYTES));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch (err) {
    if (err instanceof BodyTooLargeError || err instanceof SyntaxError) return undefined;
    throw err;
  }
}

function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value.trim() !== '' && value.length <= 2048 ? value : undefined;
}

/**
 * Everything the gateway serves besides GraphQL and its own routes: the apps for people
 * (web/, built by Vite) and the few JSON routes they sign in with:
 *
 * - `GET /auth/config`: how to sign in here (development accounts, or the identity provider);
 * - `POST /auth/dev-token` `{sub, role}`: a development token, only in development with
 *   the development secret (never in production, never beside an identity provider);
 * - `POST /auth/oidc/token` `{code, codeVerifier, redirectUri}`: the provider's token for a code;
 * - `GET /auth/me`: the verified caller and the purposes their role may declare.
 *
 * Nothing here knows agencies or domain types; the apps do.
 */
export function createAppsHandler(options: AppsHandlerOptions): FallbackHandler {
  const { apps, auth, log } = options;
  const oidc: OidcClient | undefined = apps.oidc ? createOidcClient(apps.oidc, apps.oidcTimeoutMs) : undefined;
  const signIn: SignInMode = oidc ? 'oidc' : auth.mode === 'development' && auth.key.kind === 'dev-secret' ? 'development' : 'none';
  const serveFile = serveStaticFiles(apps.dir, contentSecurityPolicy({ inlineStyles: options.introspection }));

  const config = async (res: ServerResponse): Promise<void> => {
    const base = { signIn, graphiql: options.introspection };
    if (!oidc) return sendJson(res, 200, base);
    try {
      sendJson(res, 200, { ...base, oidc: await oidc.publicConfig() });
    } catch (err) {
      if (!(err instanceof OidcError)) throw err;
      error(res, err.status, 'SIGN_IN_UNAVAILABLE', err.message);
    }
  };

  const devToken = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (signIn !== 'development') return error(res, 404, 'NOT_FOUND', 'Development sign-in is off here; sign in through your organisation\'s identity provider.');
    const body = await readJsonObject(req);
    const sub = body && text(body, 'sub');
    const role = body && text(body, 'role');
    if (!sub || !role) return error(res, 400, 'BAD_USER_INPUT', 'Send {"sub": "...", "role": "..."} as JSON to sign in as a development account.');
    if (options.purposesOf && options.purposesOf(role) === undefined) return error(res, 400, 'BAD_USER_INPUT', `"${role}" is not a role in the policy; choose one of the listed accounts.`);
    try {
      const token = await signDevToken({ sub, role, ttlSeconds: apps.devTokenTtlSeconds }, auth);
      sendJson(res, 200, { token, expiresInSeconds: apps.devTokenTtlSeconds });
    } catch (err) {
      if (err instanceof DevTokenRequestError) return error(res, 400, 'BAD_USER_INPUT', `${err.field} ${err.problem}`);
      if (err instanceof AuthConfigError) return error(res, 404, 'NOT_FOUND', 'Development sign-in is off here.');
      throw err;
    }
  };

  const oidcToken = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!oidc) return error(res, 404, 'NOT_FOUND', 'Sign-in through an identity provider is not set up here (OIDC_ISSUER, OIDC_CLIENT_ID).');
    const body = await readJsonObject(req);
    const code = body && text(body, 'code');
    const codeVerifier = body && text(body, 'codeVerifier');
    const redirectUri = body && text(body, 'redirectUri');
    if (!code || !codeVerifier || !redirectUri) return error(res, 400, 'BAD_USER_INPUT', 'Send {"code", "codeVerifier", "redirectUri"} as JSON; sign in again from the start.');
    try {
      sendJson(res, 200, await oidc.exchangeCode({ code, codeVerifier, redirectUri }));
    } catch (err) {
      if (!(err instanceof OidcError)) throw err;
      log.warn({ status: err.status }, 'identity provider refused or failed a code exchange');
      error(res, err.status, err.status === 400 ? 'UNAUTHENTICATED' : 'SIGN_IN_UNAVAILABLE', err.message);
    }
  };

  const me = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!options.identify) return error(res, 404, 'NOT_FOUND', 'This gateway runs without a policy; there is no signed-in caller.');
    const { identity, refusal } = await options.identify(req);
    if (!identity) return error(res, 401, 'UNAUTHENTICATED', refusal?.message ?? 'Sign in first.');
    const { sub, name, org, role } = identity;
    sendJson(res, 200, { sub, name, org, role, purposes: options.purposesOf?.(role) ?? [] });
  };

  const handle: RouteHandler = async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${pathname}`;
    switch (route) {
      case 'GET /auth/config':
        return config(res);
      case 'POST /auth/dev-token':
        return devToken(req, res);
      case 'POST /auth/oidc/token':
        return oidcToken(req, res);
      case 'GET /auth/me':
        return me(req, res);
    }
    if (pathname.startsWith('/auth/')) return error(res, 404, 'NOT_FOUND', 'No such sign-in route.');
    serveFile(req, res, pathname);
  };
  // Pages and files are read (GET, HEAD); only the sign-in routes take other methods.
  return { handle, accepts: (method, pathname) => method === 'GET' || method === 'HEAD' || pathname.startsWith('/auth/') };
}
