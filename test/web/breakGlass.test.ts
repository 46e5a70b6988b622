import { auditFile } from '../../audit/auditFile';
import { DEMO, headersFor } from '../harness/callers';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { signInAs } from '../harness/appSteps';
import { readTrail } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Emergency access in the case worker's app (docs/domain.md, Break-glass): a Veilig Thuis
 * professional (purpose veiligheid, whose policy allows it) is refused a household she has
 * no relation with, and is offered to open it with a justification. A justification too
 * short opens nothing and records nothing; a real one opens the household, says so, and is
 * recorded with outcome BREAK_GLASS for the privacy officer.
 */

const JUSTIFICATION = 'Melding politie: acuut huiselijk geweld op dit adres, kinderen aanwezig';

let system: RunningSystem;
let browser: TestBrowser;
let target: string;

const glassRecords = () => readTrail(auditFile(system.dataDir)).filter((record) => record.outcome === 'BREAK_GLASS');

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem({ households: 8 }), launchBrowser()]);
  const mine = await system.query<{ myHouseholds: Array<{ id: string }> }>('{ myHouseholds { id } }', { headers: await headersFor(DEMO.veiligthuis) });
  const related = new Set((mine.body.data?.myHouseholds ?? []).map((h) => h.id));
  target = ['H-0002', 'H-0003', 'H-0004', 'H-0005', 'H-0006', 'H-0007', 'H-0008'].find((id) => !related.has(id))!;
  expect(target).toBeDefined();
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

test('refused for want of a relation, the professional opens the household with a justification; it is recorded', async () => {
  const page = await browser.newPage();
  // The refusal itself is a 403, which the browser reports on its console: expected here.
  const problems = watchProblems(page, [/status of 403 \(Forbidden\)/]);
  await signInAs(page, system.gatewayOrigin, DEMO.veiligthuis.sub);
  await page.evaluate(`history.pushState(null, '', '/huishoudens/${target}?doel=veiligheid'); dispatchEvent(new PopStateEvent('popstate'))`);
  await page.getByRole('heading', { level: 2, name: 'Spoedtoegang' }).waitFor();
  await page.getByText('Geen toegang').waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  const form = page.getByRole('form', { name: 'Spoedtoegang aanvragen' });
  await form.getByLabel('Reden').fill('Spoed');
  await form.getByRole('button', { name: 'Spoedtoegang openen' }).click();
  await form.getByRole('alert').getByText('Schrijf waarom het acuut is, in minstens 20 tekens.').waitFor();
  expect(glassRecords()).toEqual([]);

  await form.getByLabel('Reden').fill(JUSTIFICATION);
  await form.getByRole('button', { name: 'Spoedtoegang openen' }).click();
  await page.getByText('Geopend met spoedtoegang').waitFor();
  await page.locator('[data-agency="gemeente"]').waitFor();
  expect(await page.locator('main').innerText()).toContain(`Reden: “${JUSTIFICATION}”`);
  await screenshot(page, 'spoedtoegang');

  const recorded = glassRecords();
  expect(recorded).toHaveLength(1);
  expect(recorded[0]!.actor?.sub).toBe(DEMO.veiligthuis.sub);
  expect(JSON.parse(recorded[0]!.raw).break_glass_justification).toBe(JUSTIFICATION);
  expect(recorded[0]!.subjects.households).toContain(target);
  expect(problems).toEqual([]);
  await page.close();
});

test('a purpose whose policy does not allow it is not offered emergency access', async () => {
  const page = await browser.newPage();
  await signInAs(page, system.gatewayOrigin, DEMO.otherRegisseur.sub);
  await page.evaluate(`history.pushState(null, '', '/huishoudens/H-0001?doel=regie'); dispatchEvent(new PopStateEvent('popstate'))`);
  await page.getByText('Geen toegang').waitFor();
  expect(await page.getByRole('heading', { name: 'Spoedtoegang' }).count()).toBe(0);
  await page.close();
});
