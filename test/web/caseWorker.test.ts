import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { chooseAccount, focused, inPage, mainText, signInAs, tabUntil } from '../harness/appSteps';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The case-worker app in Chromium, against the real system: sign in as a demo
 * professional, see "Mijn huishoudens", open H-0001 and read it with its redactions
 * explained, by mouse and by keyboard alone, at 320 px; refusals show the gateway's
 * message; an agency that is down is shown as such while the rest of the view shows.
 */

let system: RunningSystem;
let browser: TestBrowser;
let origin: string;

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem({ households: 5 }), launchBrowser()]);
  origin = system.gatewayOrigin;
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

/** The browser reports a refused request (403) in the console; tests that expect one say so. */
const REFUSED = /status of 403/;

async function openPage(options: { width?: number; refusals?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage(options);
  return { page, problems: watchProblems(page, options.refusals ? [REFUSED] : []) };
}

async function openHousehold(page: Page): Promise<void> {
  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Huishouden H-0001' }).waitFor();
  await page.locator('[data-agency="inkomen"]').waitFor();
}

function card(page: Page, agency: string) {
  return page.locator(`[data-agency="${agency}"]`);
}

test('the sign-in page lists the demo professionals and citizens by their sub', async () => {
  const { page, problems } = await openPage();
  await page.goto(`${origin}/aanmelden`);
  await page.getByRole('heading', { level: 2, name: 'Inwoners' }).waitFor();
  for (const sub of ['u-regisseur-1', 'u-regisseur-2', 'u-schuld-1', 'u-wonen-1', 'u-jeugd-1', 'u-vt-1', 'u-privacy-1', 'P-0001', 'P-0002', 'P-0003']) {
    expect(await page.getByRole('button', { name: new RegExp(`\\b${sub}$`) }).count()).toBe(1);
  }
  await screenshot(page, 'aanmelden');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});

test('a coordinator reads H-0001: one card per agency, what regie may not see explained in place', async () => {
  const { page, problems } = await openPage();
  await signInAs(page, origin, 'u-regisseur-1');
  // One purpose (regie): the picker is skipped and the purpose shows in the address.
  await page.getByRole('heading', { level: 1, name: 'Mijn huishoudens' }).waitFor();
  expect(new URL(page.url()).search).toBe('?doel=regie');
  await page.getByRole('link', { name: /H-0001/ }).waitFor();
  expect(await page.getByRole('link', { name: /^H-\d{4}/ }).count()).toBe(1);
  await screenshot(page, 'mijn-huishoudens');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await openHousehold(page);
  await screenshot(page, 'huishouden-regie');
  for (const agency of ['Gemeente', 'Schuldhulpverlening', 'Wonen', 'Veilig Thuis', 'Jeugdzorg', 'Inkomen']) {
    expect(await page.getByRole('heading', { level: 2, name: agency, exact: true }).count()).toBe(1);
  }
  // The story: address, members, the refusals that block each other.
  const gemeente = await card(page, 'gemeente').innerText();
  expect(gemeente).toMatch(/briefadres/);
  expect(gemeente).toContain('P-0001');
  expect(await card(page, 'schuldhulp').innerText()).toMatch(/afgewezen/);
  expect(await card(page, 'wonen').innerText()).toMatch(/Aanvraag urgentie\s+afgewezen/);
  expect(await card(page, 'veiligthuis').innerText()).toMatch(/Veiligheidssignaal\s+ja/);
  // Creditors (financial-detail), the shelter stay (special-safety) and youth care (special-health) are not for regie.
  expect(await card(page, 'schuldhulp').innerText()).toMatch(/Schuldeisers\s+niet zichtbaar voor doel regie \(soort gegevens: financiële details\)/);
  expect(await card(page, 'veiligthuis').innerText()).toMatch(/Opvang\s+niet zichtbaar voor doel regie \(soort gegevens: bijzondere gegevens over veiligheid\)/);
  expect(await card(page, 'jeugdzorg').innerText()).toMatch(/Maatregel\s+niet zichtbaar voor doel regie \(soort gegevens: bijzondere gegevens over jeugdzorg en gezondheid\)/);
  expect(await mainText(page)).not.toMatch(/Blijf van m'n Lijf|pleegzorg/i);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});

test('another purpose, another view: Veilig Thuis sees the shelter stay, not the debts', async () => {
  const { page, problems } = await openPage();
  await signInAs(page, origin, 'u-vt-1');
  await openHousehold(page);
  expect(new URL(page.url()).searchParams.get('doel')).toBe('veiligheid');
  expect(await card(page, 'veiligthuis').innerText()).toMatch(/zonder de kinderen/);
  expect(await card(page, 'schuldhulp').innerText()).toMatch(/Dossier\s+niet zichtbaar voor doel veiligheid/);
  await screenshot(page, 'huishouden-veiligheid');
  expect(problems).toEqual([]);
  await page.close();
});

test('by keyboard alone: sign in, open H-0001, read it, go back — focus always visible', async () => {
  const { page, problems } = await openPage();
  await page.goto(`${origin}/aanmelden`);
  const toSkipLink = await tabUntil(page, /Naar de inhoud/, { limit: 3 });
  expect(toSkipLink.at(-1)!.visibleRing).toBe(true);
  await page.keyboard.press('Enter');
  const toAccount = await tabUntil(page, /u-regisseur-1$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Mijn huishoudens' }).waitFor();
  await page.getByRole('link', { name: /H-0001/ }).waitFor();
  // The new page's title has focus, so the next Tab starts in its content.
  expect(await focused(page)).toMatchObject({ tag: 'H1', text: 'Mijn huishoudens' });
  const toHousehold = await tabUntil(page, /^H-0001/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Huishouden H-0001' }).waitFor();
  expect(await focused(page)).toMatchObject({ tag: 'H1', text: 'Huishouden H-0001' });
  await page.locator('[data-agency="inkomen"]').waitFor();
  // Forward through the view: the members table scrolls by keyboard; then back to the top.
  const forward = await tabUntil(page, /Leden van het huishouden/);
  const back = await tabUntil(page, /^Mijn huishoudens$/, { backwards: true });
  const toSignOut = await tabUntil(page, /^Afmelden$/, { backwards: true });
  for (const step of [...toSkipLink, ...toAccount, ...toHousehold, ...forward, ...back, ...toSignOut]) {
    expect({ ...step, visibleRing: step.tag === 'BODY' || step.visibleRing }).toEqual({ ...step, visibleRing: true });
  }
  await tabUntil(page, /^Mijn huishoudens$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Mijn huishoudens' }).waitFor();
  expect(problems).toEqual([]);
  await page.close();
});

test('at 320 px wide the household view fits: nothing scrolls sideways but the tables inside their own box', async () => {
  const { page, problems } = await openPage({ width: 320 });
  await signInAs(page, origin, 'u-regisseur-1');
  await openHousehold(page);
  expect(await inPage<number>(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
  await screenshot(page, 'huishouden-320px');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});

test('without a relation, and for an unknown id, the same refusal and nothing of the household', async () => {
  const { page, problems } = await openPage({ refusals: true });
  await signInAs(page, origin, 'u-regisseur-2');
  await page.getByLabel('Kenmerk van het huishouden').fill('H-0001');
  await page.getByRole('button', { name: 'Openen' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const noRelation = await alert.innerText();
  expect(noRelation).toMatch(/^Geen toegang/);
  expect(noRelation).toContain('You have no active relation with this household or person');
  expect(await page.locator('[data-agency]').count()).toBe(0);
  await screenshot(page, 'huishouden-geen-relatie');

  await page.getByRole('link', { name: 'Mijn huishoudens' }).first().click();
  await page.getByLabel('Kenmerk van het huishouden').fill('H-9999');
  await page.getByRole('button', { name: 'Openen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Huishouden H-9999' }).waitFor();
  await alert.waitFor();
  expect(await alert.innerText()).toBe(noRelation);
  expect(await page.locator('[data-agency]').count()).toBe(0);
  expect(problems).toEqual([]);
  await page.close();
});

test('an empty id is refused in the form, before anything is asked', async () => {
  const { page, problems } = await openPage();
  await signInAs(page, origin, 'u-regisseur-1');
  await page.getByRole('button', { name: 'Openen' }).click();
  await page.getByText('Vul het kenmerk van een huishouden in').waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  expect(problems).toEqual([]);
  await page.close();
});

test('a purpose typed into the address that the role lacks: the gateway\'s refusal is shown, no data', async () => {
  const { page, problems } = await openPage({ refusals: true });
  // A typed address is a fresh page: sign in first, then the app returns to it.
  await page.goto(`${origin}/huishoudens/H-0001?doel=schuldhulp`);
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
  await chooseAccount(page, 'u-regisseur-1');
  await page.getByRole('heading', { level: 1, name: 'Huishouden H-0001' }).waitFor();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  expect(text).toMatch(/^Dit doel hoort niet bij uw rol/);
  expect(text).toContain('Your role may not use the purpose declared in X-Purpose; use one of: regie.');
  expect(await page.locator('[data-agency]').count()).toBe(0);
  await screenshot(page, 'huishouden-verkeerd-doel');
  expect(problems).toEqual([]);
  await page.close();
});

// Last in this file: it stops an agency for good.
test('an agency that does not answer: its card says so, the rest of the household shows', async () => {
  await system.stopAgency('wonen');
  const { page, problems } = await openPage();
  await signInAs(page, origin, 'u-regisseur-1');
  await openHousehold(page);
  const wonen = await card(page, 'wonen').innerText();
  expect(wonen).toContain('Wonen antwoordt nu niet');
  expect(wonen).not.toMatch(/Aanvraag urgentie/);
  expect(await card(page, 'schuldhulp').innerText()).toMatch(/afgewezen/);
  expect(await card(page, 'gemeente').innerText()).toContain('P-0001');
  await screenshot(page, 'huishouden-wonen-weg');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});
