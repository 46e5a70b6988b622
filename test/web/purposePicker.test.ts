import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { DEFAULT_POLICY_FILE } from '../../policies/loadPolicy';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { signInAs } from '../harness/appSteps';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * A role with more than one purpose picks one before anything is asked, and is offered
 * only its own purposes. The demo policy gives every role one, so this test gives the
 * coordinator a second (woonurgentie) in a copy of policies/policy.yaml.
 */

let system: RunningSystem;
let browser: TestBrowser;
let policyDir: string;

beforeAll(async () => {
  policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-policy-'));
  const policy = parse(fs.readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as { roles: Record<string, { purposes: string[] }>; computedFields: string[] };
  policy.roles.regisseur!.purposes = ['regie', 'woonurgentie'];
  // The copy lives elsewhere: it names the rules files beside the real policy.
  policy.computedFields = [path.join(__dirname, '..', '..', 'policies', 'blockages.yaml')];
  const policyFile = path.join(policyDir, 'policy.yaml');
  fs.writeFileSync(policyFile, stringify(policy));
  [system, browser] = await Promise.all([startSystem({ households: 3, gateway: { policyFile } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
  fs.rmSync(policyDir, { recursive: true, force: true });
});

test('the coordinator picks between their two purposes, and the view follows the choice', async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await signInAs(page, system.gatewayOrigin, 'u-regisseur-1');
  await page.getByRole('heading', { level: 1, name: 'Waarvoor wilt u gegevens bekijken?' }).waitFor();
  const offered = await page.locator('main li').allInnerTexts();
  expect(offered).toEqual(['Regie op een huishouden met meervoudige problematiek (regie)', 'Beoordeling woonurgentie (woonurgentie)']);
  await screenshot(page, 'doel-kiezen');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  await page.getByRole('link', { name: /woonurgentie/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn huishoudens' }).waitFor();
  expect(new URL(page.url()).search).toBe('?doel=woonurgentie');
  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.locator('[data-agency="inkomen"]').waitFor();
  // woonurgentie may not see the coordination case (label case), which regie may.
  expect(await page.locator('[data-agency="gemeente"]').innerText()).toMatch(/Stand van zaken\s+niet zichtbaar voor doel woonurgentie/);
  expect(problems).toEqual([]);
  await page.close();
});
