import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO, headersFor } from '../harness/callers';
import { launchBrowser, screenshot, seriousAccessibilityViolations, watchProblems, type TestBrowser } from '../harness/browser';
import { inPage, mainText, signInAs, waitUntilTrue } from '../harness/appSteps';
import { startSystem, type RunningSystem } from '../harness/startSystem';
import { policyVersionInForce } from '../harness/auditTrail';

/*
 * The access trail as people see it: a coordinator reads H-0001 in the app; the privacy
 * officer finds that look in the console (filters, paging, detail, chain, unusual access,
 * CSV export); the mother (P-0001) sees it on her page, without the professional's identity.
 */

let system: RunningSystem;
let browser: TestBrowser;
let origin: string;

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem({ households: 5 }), launchBrowser()]);
  origin = system.gatewayOrigin;
  // Someone without a relation tries (an unusual access), and a debt counsellor works a while (more than a page of records).
  await system.query('{ household(id: "H-0001") { id } }', { headers: await headersFor(DEMO.otherRegisseur) });
  const counsellor = await headersFor(DEMO.schuldhulp);
  for (let i = 0; i < 22; i += 1) await system.query('{ myHouseholds { id } }', { headers: counsellor });
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  return { page, problems: watchProblems(page) };
}

test('1. the coordinator reads H-0001 in the app', async () => {
  const { page, problems } = await openPage();
  await signInAs(page, origin, 'u-regisseur-1');
  await page.getByRole('link', { name: /H-0001/ }).click();
  await page.locator('[data-agency="inkomen"]').waitFor();
  expect(await mainText(page)).toContain('niet zichtbaar voor doel regie');
  expect(problems).toEqual([]);
  await page.close();
});

test('2. the privacy officer finds that look: filters, detail, chain, unusual access, paging, CSV', async () => {
  const { page, problems } = await openPage();
  await signInAs(page, origin, 'u-privacy-1');
  await page.getByRole('heading', { level: 1, name: 'Toezicht op gegevensgebruik' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/toezicht');

  // The chain verifies; checking again counts the records written since (the console's own reads are audited too).
  await page.getByText('Het logboek is onveranderd').waitFor();
  const before = Number(await page.getByTestId('chain-records').innerText());
  expect(before).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Opnieuw controleren' }).click();
  await waitUntilTrue(page, `Number(document.querySelector('[data-testid="chain-records"]')?.textContent) > ${before}`);

  // The refused attempt is listed as worth a look.
  const unusual = page.locator('section', { has: page.getByRole('heading', { name: 'Opvallende toegang' }) });
  await unusual.getByText('Geweigerde pogingen').waitFor();
  expect(await unusual.innerText()).toContain('u-regisseur-2');

  // Paging: newest first, 20 a page.
  const rows = page.getByRole('button', { name: /^Bekijk record/ });
  await rows.first().waitFor();
  expect(await rows.count()).toBe(20);
  const firstPage = await rows.allInnerTexts();
  await page.getByRole('button', { name: 'Volgende pagina' }).click();
  await page.getByText('Pagina 2').waitFor();
  await rows.first().waitFor();
  const secondPage = await rows.allInnerTexts();
  expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);
  await page.getByRole('button', { name: 'Vorige pagina' }).click();
  await page.getByText('Pagina 1').waitFor();
  await screenshot(page, 'toezicht');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);

  // Filter on the professional and the household: the coordinator's look, and nothing else.
  await page.getByLabel('Professional').fill('u-regisseur-1');
  await page.getByLabel('Betrokkene').fill('H-0001');
  await page.getByLabel('Uitkomst').selectOption('PARTIAL');
  await page.getByRole('button', { name: 'Filteren' }).click();
  const filtered = page.locator('.app-log-table tbody tr');
  await waitUntilTrue(page, `[...document.querySelectorAll('.app-log-table tbody tr')].every((row) => row.textContent.includes('u-regisseur-1'))`);
  await filtered.first().waitFor();
  expect(await filtered.count()).toBeGreaterThanOrEqual(1);
  for (const row of await filtered.allInnerTexts()) expect(row).toMatch(/u-regisseur-1[\s\S]*regie[\s\S]*deels afgeschermd[\s\S]*H-0001/);

  // The record's detail: fields returned and withheld with their labels, subjects, trace id, policy version.
  await rows.first().click();
  const detail = page.getByRole('region', { name: /^Record \d+$/ });
  await detail.waitFor();
  const detailText = await detail.innerText();
  expect(detailText).toMatch(/DebtCase\.creditors \(financiële details\)/);
  expect(detailText).toMatch(/Person\.shelterStay \(bijzondere gegevens over veiligheid\)/);
  expect(detailText).toMatch(/Household\.address \(adres\)/);
  expect(detailText).toMatch(/Betrokkenen\s+.*H-0001.*P-0001/);
  expect(detailText).toMatch(/Trace-id\s+[0-9a-f]{32}/);
  expect(detailText).toContain(policyVersionInForce());
  expect(await inPage(page, 'document.activeElement?.id')).toBe('detail-heading');
  await screenshot(page, 'toezicht-record');

  // CSV of the filtered log: the same records, one per line, nothing else.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteer als CSV' }).click();
  const file = await (await download).path();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('"seq","tijdstip","professional","rol","organisatie","doel","verwerking","uitkomst","foutcodes","betrokkenen","velden_getoond","velden_afgeschermd","trace_id","beleidsversie","reden_spoedtoegang","oordeel"');
  expect(lines.length - 1).toBe(await filtered.count());
  for (const line of lines.slice(1)) expect(line).toMatch(/^"\d+","[^"]+","u-regisseur-1","regisseur","gemeente","regie","VA-GEM-001","PARTIAL",/);
  await page.getByText(/records geëxporteerd/).waitFor();
  expect(problems).toEqual([]);
  await page.close();
});

test('3. the mother sees who looked at her data: organisation, role, purpose, kinds of data; never who', async () => {
  const { page, problems } = await openPage();
  await signInAs(page, origin, 'P-0001');
  await page.getByRole('heading', { level: 1, name: 'Wie heeft mijn gegevens bekeken?' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/mijn-gegevens');
  const first = page.locator('.app-looks li').first();
  await first.waitFor();
  const text = await first.innerText();
  expect(text).toContain('Een regisseur van het sociaal team van de gemeente.');
  expect(text).toContain('Om de hulp aan uw huishouden te regelen en op elkaar af te stemmen.');
  expect(text).toMatch(/Welke gegevens\s+naam en geboortedatum\s+adres\s+samenstelling van het huishouden\s+betrokken organisaties\s+regie: wie de hulp coördineert\s+wonen\s+financieel overzicht\s+veiligheidssignaal/);
  const page_ = await mainText(page);
  // The counsellor's 22 looks of that day, alike but for their time, are one entry.
  expect(page_).toMatch(/\(22 keer, vanaf \d\d:\d\d\)\s+Wie\s+Een schuldhulpverlener van de schuldhulpverlening\./);
  for (const identity of ['u-regisseur-1', 'Karin Visser', 'u-schuld-1']) expect(page_).not.toContain(identity);
  await screenshot(page, 'mijn-gegevens');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(problems).toEqual([]);
  await page.close();
});
