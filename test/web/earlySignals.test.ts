import Database from 'better-sqlite3';
import { databaseFile } from '../../subgraphs/kit/databaseFile';
import { DEMO } from '../harness/callers';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { mainText, signInAs } from '../harness/appSteps';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The early-signal worker's page (purpose vroegsignalering, Wgs art. 3): the queue of
 * signals with only what a signal is — person, contact address, creditor kind, months,
 * amount — and the outcome of the outreach to record, after which the signal leaves the
 * queue. H-0001's mother has three reports (rent 3 months, energy 5, health insurance 6).
 */

let system: RunningSystem;
let browser: TestBrowser;

/** What the inkomen agency holds of recorded outreach outcomes. */
function outcomes(): Array<{ person_id: string; outcome: string; recorded_by: string }> {
  const db = new Database(databaseFile(system.dataDir, 'inkomen'), { readonly: true });
  try {
    return db.prepare('SELECT person_id, outcome, recorded_by FROM outreach_outcomes ORDER BY person_id').all() as Array<{ person_id: string; outcome: string; recorded_by: string }>;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem({ households: 30 }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

test('the worker starts at the queue, sees only the signal, and records the outcome of the outreach', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(page, system.gatewayOrigin, DEMO.vroeg.sub);
  await page.getByRole('heading', { level: 1, name: 'Vroegsignalen' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/signalen');
  expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).innerText()).toContain('Vroegsignalen');

  const mother = page.locator('[data-signal="P-0001"]');
  await mother.waitFor();
  const card = await mother.innerText();
  expect(card).toContain('Samira de Vries');
  expect(card).toContain('Spui 70, 2511 BT Den Haag');
  expect(card).toMatch(/Zorgverzekering\s+6 maanden\s+€\s?864,00/);
  expect(card).toMatch(/Energie\s+5 maanden\s+€\s?1\.180,40/);
  expect(card).toMatch(/Huur \(woningcorporatie\)\s+3 maanden\s+€\s?2\.350,00/);
  // Nothing else of the household: not her children, her shelter, her debt case or its refusal.
  const text = await mainText(page);
  expect(text).not.toMatch(/Noah|Lina|opvang|pleeggezin|woonadres/i);
  expect(text).not.toMatch(/AFGEWEZEN|SCHULDEN|GEEN_VAST_WOONADRES/);
  expect(await page.locator('[data-signal]').count()).toBeGreaterThan(1);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, 'vroegsignalen');

  // No outcome chosen: said in the page, nothing recorded, the signal stays.
  const form = page.getByRole('form', { name: 'Uitkomst van het contact met Samira de Vries' });
  await form.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
  await form.getByRole('alert').getByText('Kies de uitkomst van het contact.').waitFor();
  expect(outcomes()).toEqual([]);

  await form.getByLabel('Uitkomst van het contact').selectOption('CONTACT_GEMAAKT');
  await form.getByRole('button', { name: 'Uitkomst vastleggen' }).click();
  await page.getByRole('status').getByText('Uitkomst vastgelegd voor Samira de Vries: contact gemaakt, hulp aangeboden. Het signaal is uit de lijst.').waitFor();
  await mother.waitFor({ state: 'detached' });
  expect(outcomes()).toEqual([{ person_id: 'P-0001', outcome: 'CONTACT_GEMAAKT', recorded_by: DEMO.vroeg.sub }]);
  expect(problems).toEqual([]);
  await page.close();
});
