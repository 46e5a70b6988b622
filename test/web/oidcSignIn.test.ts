import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { launchBrowser, screenshot, watchProblems, type TestBrowser } from '../harness/browser';
import { inPage, mainText } from '../harness/appSteps';
import { reserveIdpIssuer, startLocalIdp, type LocalIdp } from '../harness/startLocalIdp';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Production sign-in, end to end: the apps send the person to a real OpenID Connect
 * provider (oidc-provider, its own login page), come back with a code, exchange it with
 * PKCE through the gateway, and call the gateway with the provider's JWT access token,
 * which the gateway checks against the provider's JWKS. Development sign-in is off.
 */

const CLIENT_ID = 'huishoudview-apps';
let system: RunningSystem;
let idp: LocalIdp;
let browser: TestBrowser;

beforeAll(async () => {
  const { port, issuer } = await reserveIdpIssuer();
  [system, browser] = await Promise.all([
    startSystem({
      households: 3,
      gateway: {
        auth: resolveAuthConfig({ mode: 'development', issuer, audience: 'huishoudview-gateway', jwksUrl: `${issuer}/jwks` }),
        apps: { oidc: { issuer, clientId: CLIENT_ID, scope: 'openid', resource: 'urn:huishoudview:gateway' } },
      },
    }),
    launchBrowser(),
  ]);
  idp = await startLocalIdp({
    port,
    clientId: CLIENT_ID,
    redirectUri: `${system.gatewayOrigin}/aanmelden`,
    accounts: { 'u-regisseur-1': { name: 'Karin Visser', org: 'gemeente', role: 'regisseur' } },
  });
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await system?.close();
});

test('development sign-in is off beside an identity provider', async () => {
  const config = await (await fetch(`${system.gatewayOrigin}/auth/config`)).json();
  expect(config).toMatchObject({ signIn: 'oidc', oidc: { clientId: CLIENT_ID, authorizationEndpoint: expect.stringContaining(idp.issuer) } });
  const refused = await fetch(`${system.gatewayOrigin}/auth/dev-token`, { method: 'POST', body: JSON.stringify({ sub: 'u-regisseur-1', role: 'regisseur' }) });
  expect(refused.status).toBe(404);
});

test('a coordinator signs in through the provider\'s login page and reads H-0001', async () => {
  const page = await browser.newPage();
  // The provider's own development login page asks for a web font it cannot reach.
  const problems = watchProblems(page, [/Failed to load resource/]);
  await page.goto(`${system.gatewayOrigin}/aanmelden`);
  await page.getByRole('button', { name: 'Aanmelden bij uw organisatie' }).click();

  await page.waitForURL((url) => url.origin === idp.issuer);
  await page.locator('input[name="login"]').fill('u-regisseur-1');
  await page.locator('input[name="password"]').fill('any password');
  await screenshot(page, 'oidc-idp-login');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.getByRole('heading', { level: 1, name: 'Mijn huishoudens' }).waitFor();
  expect(new URL(page.url()).origin).toBe(system.gatewayOrigin);
  // The code and state are gone from the address bar; nothing was left in web storage.
  expect(page.url()).not.toMatch(/code=|state=/);
  expect(await inPage(page, '[localStorage.length, sessionStorage.length]')).toEqual([0, 0]);
  expect(await page.getByText('Aangemeld als').innerText()).toContain('Karin Visser');

  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.getByRole('heading', { level: 2, name: 'Wonen' }).waitFor();
  expect(await mainText(page)).toContain('niet zichtbaar voor doel regie');
  await screenshot(page, 'oidc-huishouden');
  expect(problems).toEqual([]);
  await page.close();
});

test('a forged code, or a request without one, is refused with a message, and no token comes back', async () => {
  const exchange = (body: unknown) =>
    fetch(`${system.gatewayOrigin}/auth/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const forged = await exchange({ code: 'not-a-code', codeVerifier: 'x'.repeat(43), redirectUri: `${system.gatewayOrigin}/aanmelden` });
  expect(forged.status).toBe(400);
  expect(await forged.json()).toEqual({ errors: [{ message: expect.stringContaining('sign in again'), extensions: { code: 'UNAUTHENTICATED' } }] });
  const incomplete = await exchange({ code: 'not-a-code' });
  expect(incomplete.status).toBe(400);
  expect(await incomplete.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT' } }] });
});

test('a return to the app that it did not start, or that the provider refused, asks to sign in again', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${system.gatewayOrigin}/aanmelden?code=forged&state=unknown`);
  await page.getByText('Dit aanmeldverzoek is niet (meer) geldig. Meld u opnieuw aan.').waitFor();
  expect(page.url()).toBe(`${system.gatewayOrigin}/aanmelden`);
  await page.goto(`${system.gatewayOrigin}/aanmelden?error=access_denied&state=x`);
  await page.getByText('Aanmelden bij uw organisatie is afgebroken of geweigerd. Probeer het opnieuw.').waitFor();
  expect(await page.getByText('Aangemeld als').count()).toBe(0);
  expect(problems).toEqual([]);
  await page.close();
});
