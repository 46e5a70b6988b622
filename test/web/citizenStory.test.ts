import type { Page } from 'playwright-core';
import { DEMO, headersFor } from '../harness/callers';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { mainText, signInAs } from '../harness/appSteps';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 12 in the apps: the coordinator's household page leads with the lock between debt
 * help and housing. On the citizen's page: the mother (P-0001) reads, in plain words, that Veilig
 * Thuis opened her data by emergency access, and that the municipality saw an early signal
 * of her payment arrears, with what it saw; never the justification or who.
 */

let system: RunningSystem;
let browser: TestBrowser;

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem({ households: 5 }), launchBrowser()]);
  const stranger = { sub: 'u-vt-9', role: 'veiligthuis-medewerker', purpose: 'veiligheid' };
  const glass = await system.query('{ household(id: "H-0001") { id members { name } } }', {
    headers: { ...(await headersFor(stranger)), 'x-break-glass': encodeURIComponent('Acute melding: politie ter plaatse, kinderen in gevaar') },
  });
  expect(glass.body.errors).toBeUndefined();
  const signals = await system.query('{ earlySignals { signals { id name } } }', { headers: await headersFor(DEMO.vroeg) });
  expect(signals.body.errors).toBeUndefined();
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

test('the mother reads the emergency access and the early signal in plain words', async () => {
  const page: Page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(page, system.gatewayOrigin, 'P-0001');
  await page.getByRole('heading', { level: 1, name: 'Wie heeft mijn gegevens bekeken?' }).waitFor();
  await page.locator('.app-looks li').first().waitFor();
  const text = await mainText(page);
  expect(text).toContain('Een medewerker van Veilig Thuis van Veilig Thuis.');
  expect(text).toMatch(/Spoed\s+Dit was een spoedtoegang: de medewerker werkte nog niet met u, maar er was acuut gevaar\./);
  expect(text).toContain('Een medewerker vroegsignalering van schulden van de gemeente.');
  expect(text).toContain('Om u hulp aan te bieden, omdat schuldeisers betalingsachterstanden meldden.');
  expect(text).toContain('een signaal van betalingsachterstanden (naam, adres, soort schuldeiser, maanden en bedrag)');
  // Never the justification, never who.
  for (const secret of ['politie ter plaatse', 'u-vt-9', 'u-vroeg-1', 'Daan Jansen']) expect(text).not.toContain(secret);
  await screenshot(page, 'mijn-gegevens-spoed-en-signaal');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});

test('the coordinator opens H-0001 and the page leads with the lock, its explanation and who could break it', async () => {
  const page: Page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(page, system.gatewayOrigin, 'u-regisseur-1');
  await page.getByRole('link', { name: /H-0001/ }).click();
  const section = page.getByRole('region', { name: 'Waar de besluiten elkaar blokkeren' });
  await section.waitFor();
  const text = await section.innerText();
  expect(text).toMatch(/Schuldhulp is afgewezen omdat er geen vast woonadres is/);
  expect(text).toMatch(/Schuldhulp afgewezen \(GEEN_VAST_WOONADRES\), 25 mei 2026/);
  expect(text).toMatch(/Woonurgentie afgewezen \(SCHULDEN\), 6 mei 2026/);
  expect(text).toContain('Wie kan dit doorbreken');
  expect(text).not.toMatch(/GEEN_GEZINSPLEK|pleeg/i);
  await screenshot(page, 'huishouden-blokkades-regie');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});

test('a purpose without the blockage label sees no such section, and no count of it', async () => {
  const page: Page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(page, system.gatewayOrigin, 'u-schuld-1');
  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.locator('[data-agency="schuldhulp"]').waitFor();
  expect(await page.getByRole('region', { name: 'Waar de besluiten elkaar blokkeren' }).count()).toBe(0);
  expect(problems).toEqual([]);
  await page.close();
});
