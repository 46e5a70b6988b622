import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { createAppsHandler } from '../../gateway/apps/createAppsHandler';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultAppsOptions } from '../../gateway/apps/AppsOptions';
import { gatewayOptionsFromEnv, resolveGatewayOptions } from '../../gateway/config';
import { ApolloServer } from '@apollo/server';
import pino from 'pino';
import { createGraphQLHttpServer } from '../../platform/graphqlHttpHandler';
import { childLogger } from '../../platform/logger';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The gateway serving the apps over HTTP: the built files with a strict
 * Content-Security-Policy, the single-page fallback, nothing outside the build, API
 * answers never cached, and the sign-in routes (development tokens only in development).
 */

let system: RunningSystem;
let origin: string;
beforeAll(async () => {
  system = await startSystem({ households: 3 });
  origin = system.gatewayOrigin;
});
afterAll(() => system.close());

const CSP = /^default-src 'self'; script-src 'self'; style-src 'self'( 'unsafe-inline')?; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/;

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the apps', () => {
  test('/ is the app: HTML with a strict policy, no inline script, revalidated on every load', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const html = await response.text();
    expect(html).toContain('<div id="app"></div>');
    // Every script is a file of this origin; none is inline, none from elsewhere.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/src="\/assets\/[^"]+\.js"/);
      expect(content!.trim()).toBe('');
    }
    expect(html).not.toMatch(/https?:\/\//);
  });

  test('an app route (a reload, a deep link) gets the same page; its assets are cached for good', async () => {
    const index = await (await fetch(`${origin}/`)).text();
    for (const route of ['/aanmelden', '/huishoudens/H-0001', '/toezicht', '/mijn-gegevens', '/graphiql']) {
      const response = await fetch(`${origin}${route}`);
      expect({ route, status: response.status }).toEqual({ route, status: 200 });
      expect(await response.text()).toBe(index);
    }
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test('a missing file is a 404, and nothing outside the build is ever read', async () => {
    expect((await fetch(`${origin}/assets/nope.js`)).status).toBe(404);
    for (const path of ['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fREADME.md', '/%00.js']) {
      const response = await fetch(`${origin}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).not.toContain('household-gateway');
    }
    const response = await fetch(`${origin}/%E0%A4%A`);
    expect(response.status).toBe(400);
  });

  test('only GET and HEAD are served there; anything else is refused as 404 (and recorded, issue 9)', async () => {
    const response = await fetch(`${origin}/huishoudens/H-0001`, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('H-0001');
  });
});

describe('API answers are never cached', () => {
  test('GraphQL, refusals included, and the health routes say no-store', async () => {
    const token = (await postJson('/auth/dev-token', { sub: 'u-regisseur-1', role: 'regisseur' })).body.token as string;
    const ok = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'regie' }, body: JSON.stringify({ query: '{ myHouseholds { id } }' }) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ myHouseholds { id } }' }) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const broken = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.headers.get('cache-control')).toBe('no-store');
    for (const path of ['/health', '/ready', '/auth/config']) expect((await fetch(`${origin}${path}`)).headers.get('cache-control')).toBe('no-store');
  });
});

describe('sign-in routes in development', () => {
  test('/auth/config: development accounts, GraphiQL on (introspection is on)', async () => {
    expect(await (await fetch(`${origin}/auth/config`)).json()).toEqual({ signIn: 'development', graphiql: true });
  });

  test('a development token for a role of the policy works at /graphql and /auth/me names the role\'s purposes', async () => {
    const { status, body } = await postJson('/auth/dev-token', { sub: 'u-wonen-1', role: 'woonconsulent' });
    expect(status).toBe(200);
    expect(body).toEqual({ token: expect.stringMatching(/^ey/), expiresInSeconds: 3600 });
    const me = await fetch(`${origin}/auth/me`, { headers: { authorization: `Bearer ${String(body.token)}` } });
    expect(await me.json()).toEqual({ sub: 'u-wonen-1', name: 'u-wonen-1', org: 'wonen', role: 'woonconsulent', purposes: [{ id: 'woonurgentie', name: 'Beoordeling woonurgentie' }] });
  });

  test('bad requests get a clear 400 and no token', async () => {
    for (const body of ['{', '[]', { sub: 'u-x' }, { sub: '', role: 'regisseur' }, { sub: 'u-x', role: 'koning' }, { sub: 'u-x', role: 'regisseur', padding: 'x'.repeat(5000) }]) {
      const answer = await postJson('/auth/dev-token', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT' } }] });
    }
    expect((await postJson('/auth/dev-token', { sub: 'u-x', role: 'koning' })).body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('"koning" is not a role in the policy') })]);
  });

  test('/auth/me without a valid token is 401 with the gateway\'s reason', async () => {
    const missing = await fetch(`${origin}/auth/me`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ errors: [{ message: expect.stringContaining('Sign in'), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await fetch(`${origin}/auth/me`, { headers: { authorization: 'Bearer e30.e30.x' } })).status).toBe(401);
  });

  test('an unknown sign-in route is a 404, and there is no OIDC exchange without a provider', async () => {
    expect((await fetch(`${origin}/auth/nothing`)).status).toBe(404);
    expect((await postJson('/auth/oidc/token', { code: 'c', codeVerifier: 'v', redirectUri: `${origin}/aanmelden` })).status).toBe(404);
  });
});

describe('in production', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    // The apps' handler alone, with a production identity configuration (an https JWKS it never needs to fetch here).
    const handler = createAppsHandler({
      apps: defaultAppsOptions(),
      auth: resolveAuthConfig({ mode: 'production', issuer: 'https://idp.example', jwksUrl: 'https://idp.example/jwks' }),
      introspection: false,
      log: childLogger('test'),
    });
    server = http.createServer((req, res) => void handler.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('no development sign-in, no GraphiQL, and styles only from files', async () => {
    expect(await (await fetch(`${base}/auth/config`)).json()).toEqual({ signIn: 'none', graphiql: false });
    const refused = await fetch(`${base}/auth/dev-token`, { method: 'POST', body: JSON.stringify({ sub: 'u-regisseur-1', role: 'regisseur' }) });
    expect(refused.status).toBe(404);
    expect(JSON.stringify(await refused.json())).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
    expect((await fetch(`${base}/`)).headers.get('content-security-policy')).toContain("style-src 'self';");
  });
});

describe('the operational log', () => {
  test('paths the apps serve are logged by their first segment only: ids in deeper segments stay out', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const server = createGraphQLHttpServer({
      apollo: new ApolloServer({ typeDefs: 'type Query { a: Int }' }),
      context: async () => ({}),
      log,
      fallback: { accepts: () => true, handle: (_req, res) => void res.end('app') },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/huishoudens/H-0001?doel=regie', '/aanmelden', '/assets/index-abc.js']) await (await fetch(`${base}${path}`)).text();
      // Each line is written when its response has finished, which may be just after the client has read it.
      for (let wait = 0; lines.length < 3 && wait < 100; wait += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(lines.map((line) => (JSON.parse(line) as { path: string }).path)).toEqual(['/huishoudens/…', '/aanmelden', '/assets/…']);
      expect(lines.join('')).not.toMatch(/H-0001|doel|regie/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('settings', () => {
  test('from the environment: the build folder, the sign-in lifetime, the identity provider', () => {
    const options = resolveGatewayOptions(
      gatewayOptionsFromEnv({ APPS_DIR: '/srv/apps', DEV_SIGN_IN_TTL_SECONDS: '600', OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'apps' }),
    );
    expect(options.apps).toEqual({ dir: '/srv/apps', devTokenTtlSeconds: 600, oidcTimeoutMs: 5000, oidc: { issuer: 'https://idp.example', clientId: 'apps', scope: 'openid' } });
    expect(resolveGatewayOptions(gatewayOptionsFromEnv({})).apps).toEqual(defaultAppsOptions());
  });

  test('a bad setting names itself and what is expected', () => {
    expect(() => gatewayOptionsFromEnv({ OIDC_ISSUER: 'https://idp.example' })).toThrow('OIDC_ISSUER and OIDC_CLIENT_ID go together');
    expect(() => gatewayOptionsFromEnv({ OIDC_CLIENT_ID: 'apps' })).toThrow('OIDC_ISSUER and OIDC_CLIENT_ID go together');
    expect(() => gatewayOptionsFromEnv({ DEV_SIGN_IN_TTL_SECONDS: '0' })).toThrow('DEV_SIGN_IN_TTL_SECONDS must be a positive whole number, not "0"');
  });

  test('without a build the apps answer 503 with what to run, and the API still works', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'household-no-apps-'));
    const handler = createAppsHandler({ apps: { ...defaultAppsOptions(), dir: empty }, auth: resolveAuthConfig({ mode: 'development' }), introspection: true, log: childLogger('test') });
    const server = http.createServer((req, res) => void handler.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${base}/toezicht`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build:web');
      expect((await fetch(`${base}/auth/config`)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
