import type { Page } from 'playwright-core';
import { auditFile } from '../../audit/auditFile';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { signInAs } from '../harness/appSteps';
import { readTrail } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The privacy officer reviews an emergency access in the console (docs/domain.md,
 * Break-glass): a Veilig Thuis professional with no relation opens H-0001 with a
 * justification; the console lists it as worth a look, with the justification, until a
 * verdict with a note is recorded — an audit record of its own. Slips in the form cost no
 * request and record nothing.
 */

const stranger: TestCaller = { sub: 'u-vt-9', role: 'veiligthuis-medewerker', purpose: 'veiligheid' };
const JUSTIFICATION = 'Acute melding: politie ter plaatse, kinderen mogelijk in gevaar';
const NOTE = 'Politie bevestigt acuut gevaar; toegang terecht.';

let system: RunningSystem;
let browser: TestBrowser;
let glassSeq: number;

const reviews = () => readTrail(auditFile(system.dataDir)).filter((record) => JSON.parse(record.raw).review !== null);

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem({ households: 6 }), launchBrowser()]);
  const answer = await system.query('{ household(id: "H-0001") { id } }', {
    headers: { ...(await headersFor(stranger)), 'x-break-glass': encodeURIComponent(JUSTIFICATION) },
  });
  expect(answer.body.errors).toBeUndefined();
  glassSeq = readTrail(auditFile(system.dataDir)).filter((record) => record.outcome === 'BREAK_GLASS').at(-1)!.seq;
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

test('the privacy officer records a verdict on the emergency access in the console', async () => {
  const page: Page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(page, system.gatewayOrigin, DEMO.privacy.sub);
  const unusual = page.locator('section', { has: page.getByRole('heading', { name: 'Opvallende toegang' }) });
  await unusual.getByText('Spoedtoegang (break-glass)').waitFor();
  expect(await unusual.innerText()).toContain(`Reden: “${JUSTIFICATION}”. Nog niet beoordeeld.`);
  const form = page.getByRole('form', { name: `Oordeel over spoedtoegang, record ${glassSeq}` });
  await form.waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // Slips are caught in the page: no request, nothing recorded.
  await form.getByRole('button', { name: 'Oordeel vastleggen' }).click();
  await form.getByRole('alert').getByText('Kies of de spoedtoegang terecht was.').waitFor();
  await form.getByLabel('Terecht', { exact: true }).check();
  await form.getByLabel('Toelichting').fill('   ');
  await form.getByRole('button', { name: 'Oordeel vastleggen' }).click();
  await form.getByRole('alert').getByText('Schrijf een toelichting bij uw oordeel.').waitFor();
  expect(reviews()).toEqual([]);

  await form.getByLabel('Toelichting').fill(NOTE);
  await form.getByRole('button', { name: 'Oordeel vastleggen' }).click();
  await unusual.getByText(`Beoordeeld: terecht (${NOTE}).`).waitFor();
  expect(await form.count()).toBe(0);
  await screenshot(page, 'toezicht-spoedtoegang');

  // One review, as a record of the privacy officer's own request.
  const recorded = reviews();
  expect(recorded).toHaveLength(1);
  expect(JSON.parse(JSON.parse(recorded[0]!.raw).review)).toEqual({ recordSeq: glassSeq, verdict: 'JUSTIFIED', note: NOTE });
  expect(recorded[0]!.actor?.sub).toBe(DEMO.privacy.sub);

  // The access log shows both: the emergency access with its reason, the review with its verdict.
  await page.getByLabel('Uitkomst').selectOption('BREAK_GLASS');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.getByRole('button', { name: new RegExp(`^Bekijk record ${glassSeq}\\b`) }).click();
  const detail = page.getByRole('region', { name: `Record ${glassSeq}` });
  await detail.waitFor();
  expect(await detail.innerText()).toMatch(new RegExp(`Reden spoedtoegang\\s+“${JUSTIFICATION}”`));
  await page.getByRole('button', { name: 'Details sluiten' }).click();
  await page.getByLabel('Uitkomst').selectOption('');
  await page.getByLabel('Professional').fill(DEMO.privacy.sub);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.getByRole('button', { name: new RegExp(`^Bekijk record ${recorded[0]!.seq}\\b`) }).click();
  const reviewDetail = page.getByRole('region', { name: `Record ${recorded[0]!.seq}` });
  await reviewDetail.waitFor();
  expect(await reviewDetail.innerText()).toContain(`terecht over record ${glassSeq}: ${NOTE}`);
  expect(problems).toEqual([]);
  await page.close();
});
