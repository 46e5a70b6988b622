import type { Request } from 'playwright-core';
import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { inPage, mainText, signInAs } from '../harness/appSteps';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The session in the browser: the token lives in the tab's memory only; when the gateway
 * stops accepting it mid-session the app asks to sign in again and shows nothing it had;
 * signing out forgets it; addresses carry pseudonymous ids only.
 */

const TOKEN_SECONDS = 8;
let system: RunningSystem;
let browser: TestBrowser;

beforeAll(async () => {
  [system, browser] = await Promise.all([
    // Short development sign-ins, checked to the second, so a token expires within the test.
    startSystem({ households: 3, gateway: { auth: resolveAuthConfig({ mode: 'development', clockToleranceSeconds: 0 }), apps: { devTokenTtlSeconds: TOKEN_SECONDS } } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

test('an expired token mid-session: asked to sign in again, nothing shown from before, back to the page after', async () => {
  const page = await browser.newPage();
  // The gateway's 401 for the expired token shows in the console.
  const problems = watchProblems(page, [/status of 401/]);
  await signInAs(page, system.gatewayOrigin, 'u-regisseur-1');
  // The token was minted before this moment, so it has expired by this plus its lifetime (and a margin).
  const signedInAt = Date.now();
  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.locator('[data-agency="inkomen"]').waitFor();
  expect(await mainText(page)).toContain('Samira de Vries');

  await page.waitForTimeout(Math.max(0, signedInAt + (TOKEN_SECONDS + 1.5) * 1000 - Date.now()));
  const answered = page.waitForResponse((response) => response.url().endsWith('/graphql'));
  await page.getByRole('link', { name: 'Mijn huishoudens' }).first().click();
  expect((await answered).status()).toBe(401);
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  expect(await page.getByRole('alert').innerText()).toContain('Uw aanmelding is verlopen of niet meer geldig. Meld u opnieuw aan');
  await screenshot(page, 'sessie-verlopen');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  // Nothing of the household stays on screen, and going back shows none of it either.
  expect(await page.locator('body').innerText()).not.toMatch(/Samira|Den Haag|Spui/);
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  expect(await page.locator('body').innerText()).not.toMatch(/Samira|Den Haag/);

  // Signing in again returns to where the person was.
  await page.getByRole('button', { name: /u-regisseur-1$/ }).click();
  await page.getByRole('heading', { level: 1, name: /Huishouden H-0001|Mijn huishoudens/ }).waitFor();
  expect(problems).toEqual([]);
  await page.close();
});

test('signing out forgets the token: the pages behind it ask to sign in, no request carries it', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await signInAs(page, system.gatewayOrigin, 'u-regisseur-1');
  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.locator('[data-agency="inkomen"]').waitFor();

  await page.getByRole('button', { name: 'Afmelden' }).click();
  await page.getByText('U bent afgemeld.').waitFor();
  const afterSignOut = requests.length;
  await page.goBack();
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  expect(await page.locator('body').innerText()).not.toMatch(/Samira|Den Haag/);
  expect(requests.slice(afterSignOut).filter((request) => request.headers().authorization)).toEqual([]);

  // The token was never in web storage or a cookie, and no address held more than a pseudonymous id.
  expect(await inPage(page, '[localStorage.length, sessionStorage.length, document.cookie]')).toEqual([0, 0, '']);
  for (const request of requests) {
    const url = new URL(request.url());
    expect(url.search).toMatch(/^(\?doel=[a-z]+)?$/);
    expect(url.pathname).not.toMatch(/Samira|Vries|Spui|eyJ/);
  }
  expect(problems).toEqual([]);
  await page.close();
});

test('a reload starts signed out: the token was in the tab\'s memory only', async () => {
  const page = await browser.newPage();
  await signInAs(page, system.gatewayOrigin, 'u-regisseur-1');
  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.locator('[data-agency="inkomen"]').waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  expect(await page.locator('body').innerText()).not.toMatch(/Samira|Den Haag/);
  await page.close();
});
