import path from 'node:path';
import { DEMO, type TestCaller } from '../harness/callers';
import { askTraced, readTrail, recordFor, type TracedAnswer } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * The citizen's right of access (GDPR art. 15; issue 4, item 5): `myAccessLog` lists every
 * disclosure of their own data — when, which organisation, which role, which purpose, which
 * categories — never which professional (CJEU C-579/21), and nobody else's records.
 */

let system: RunningSystem;
let file: string;

// Named callers, so a leaked name or sub would show in the citizen's answer.
const KARIN: TestCaller = { ...DEMO.regisseur, name: 'Karin Visser' };
const VT: TestCaller = { ...DEMO.veiligthuis, name: 'Fatima Bakker' };
const OTHER: TestCaller = { ...DEMO.otherRegisseur, name: 'Pieter Jansen' };
const citizen = (sub: string): TestCaller => ({ sub, role: 'burger', purpose: 'inzage' });

/** What the citizen of H-0001 may learn, oldest first; labels are docs/domain.md's for the fields asked. */
const H0001_DISCLOSURES = [
  { org: 'gemeente', role: 'regisseur', purpose: 'regie', labels: ['address', 'household', 'id', 'identity'] },
  { org: 'veiligthuis', role: 'veiligthuis-medewerker', purpose: 'veiligheid', labels: ['household', 'id', 'identity', 'special-safety'] },
];
/**
 * The child sees the same two accesses, but only the categories returned about them: the
 * mother's shelter stay (special-safety) was read in the same request, and is hers alone.
 */
const H0001_CHILD_DISCLOSURES = [
  H0001_DISCLOSURES[0]!,
  { org: 'veiligthuis', role: 'veiligthuis-medewerker', purpose: 'veiligheid', labels: ['household', 'id', 'identity'] },
];
const H0002_DISCLOSURES = [{ org: 'gemeente', role: 'regisseur', purpose: 'regie', labels: ['address', 'id'] }];

const MY_LOG = '{ myAccessLog { at org role purpose processingActivity legalBasis labels } }';
interface Access {
  at: string;
  org: string;
  role: string;
  purpose: string;
  processingActivity: string;
  legalBasis: string;
  labels: string[];
}

const disclosures: TracedAnswer[] = [];

async function ask(caller: TestCaller, query: string): Promise<TracedAnswer> {
  return askTraced(system.gatewayUrl, caller, query);
}

async function myAccessLog(sub: string): Promise<{ answer: TracedAnswer; accesses: Access[] }> {
  const answer = await ask(citizen(sub), MY_LOG);
  expect(answer.status).toBe(200);
  expect(answer.body.errors).toBeUndefined();
  return { answer, accesses: (answer.body.data as { myAccessLog: Access[] }).myAccessLog };
}

beforeAll(async () => {
  system = await startSystem({ households: 5 });
  file = path.join(system.dataDir, 'audit.sqlite');
  disclosures.push(await ask(KARIN, '{ household(id: "H-0001") { address { city } members { name } } }'));
  disclosures.push(await ask(VT, '{ household(id: "H-0001") { members { name shelterStay { since withChildren } } } }'));
  // Refused, so nothing was disclosed: for the privacy officer, not in the citizen's list.
  await ask(OTHER, '{ household(id: "H-0001") { address { city } } }');
  await ask({ sub: 'u-anyone', role: 'regisseur', purpose: 'regie', name: 'Anna Smit' }, '{ person(id: "P-0001") { name } }');
  // Another household: only its own members may see this one.
  disclosures.push(await ask(OTHER, '{ household(id: "H-0002") { address { city } } }'));
});
afterAll(() => system.close());

test('the disclosures the tests rely on happened and returned data', () => {
  for (const answer of disclosures) {
    expect(answer.status).toBe(200);
    expect(recordFor(file, answer.traceId).outcome).toBe('OK');
  }
});

describe('myAccessLog', () => {
  test.each<[string, string, typeof H0001_DISCLOSURES]>([
    ['P-0001 (mother in H-0001)', 'P-0001', H0001_DISCLOSURES],
    ['P-0003 (child in H-0001, asked about only as a member): not the mother\'s special-safety', 'P-0003', H0001_CHILD_DISCLOSURES],
    ['P-0004 (H-0002): only the access to their own household, none of H-0001\'s', 'P-0004', H0002_DISCLOSURES],
    ['P-0008 (H-0003): nobody accessed their data', 'P-0008', []],
  ])('%s', async (_name, sub, expected) => {
    const { answer, accesses } = await myAccessLog(sub);
    // Newest first; when, who (organisation and role), why, which categories.
    expect(accesses.map(({ org, role, purpose, labels }) => ({ org, role, purpose, labels: [...labels].sort() }))).toEqual([...expected].reverse());
    const stored = readTrail(file).filter((r) => r.outcome === 'OK' && (r.subjects.persons.includes(sub) || r.subjects.households.includes(sub)) && r.actor?.role !== 'burger');
    expect(accesses.map((a) => a.at)).toEqual(stored.map((r) => r.at).reverse());
    for (const access of accesses) expect(access.processingActivity).toMatch(/^VA-/);
    // Never the professional: no sub, no name, in any form.
    expect(JSON.stringify(answer.body)).not.toMatch(/u-regisseur|u-vt-|u-anyone|Karin|Visser|Fatima|Bakker|Pieter|Jansen|Anna Smit/);
  });

  test('the control: the professionals\' subs were really in play (the records carry them; the citizen must not see them)', () => {
    const actors = readTrail(file).map((r) => r.actor?.sub);
    expect(actors).toEqual(expect.arrayContaining(['u-regisseur-1', 'u-vt-1', 'u-regisseur-2', 'u-anyone']));
  });

  test('the citizen\'s own look-ups are not listed as accesses to their data, but are audited', async () => {
    const before = (await myAccessLog('P-0001')).accesses;
    const { answer } = await myAccessLog('P-0001');
    const after = (await myAccessLog('P-0001')).accesses;
    expect(after).toEqual(before);
    expect(recordFor(file, answer.traceId)).toMatchObject({
      actor: { sub: 'P-0001', role: 'burger', org: 'burger' },
      purpose: { id: 'inzage', processingActivity: 'VA-PRI-002' },
      outcome: 'OK',
    });
  });

  test('a new access shows up at the top of the list', async () => {
    const before = (await myAccessLog('P-0002')).accesses;
    await ask(DEMO.schuldhulp, '{ person(id: "P-0002") { name } }');
    const after = (await myAccessLog('P-0002')).accesses;
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ org: 'schuldhulp', role: 'schuldhulpverlener', purpose: 'schuldhulp', labels: ['id', 'identity'] });
  });
});

describe('a citizen gets nothing else', () => {
  test.each<[string, string]>([
    ['accessLog', '{ accessLog { edges { node { seq actor { sub } subjects } } } }'],
    ['auditChain', '{ auditChain { verified records lastHash } }'],
    ['unusualAccess', '{ unusualAccess { kind actor { sub } } }'],
  ])('%s → refused, no records', async (field, query) => {
    const answer = await ask(DEMO.burger, query);
    expect(answer.body.data ?? { [field]: null }).toEqual({ [field]: null });
    expect(answer.body.errors?.[0]?.extensions?.code).toMatch(/^FORBIDDEN/);
    expect(JSON.stringify(answer.body)).not.toMatch(/u-regisseur|u-vt-|"seq"|"subjects"|lastHash"?:\s*"/);
  });

  test('household data with purpose inzage → refused, no data', async () => {
    const answer = await ask(DEMO.burger, '{ household(id: "H-0001") { address { city } members { name } } }');
    expect(JSON.stringify(answer.body)).not.toMatch(/Den Haag|Samira|Noah/);
    expect(answer.body.errors?.length).toBeGreaterThan(0);
  });

  test('a citizen cannot declare a professional\'s purpose', async () => {
    const answer = await ask({ ...DEMO.burger, purpose: 'regie' }, MY_LOG);
    expect(answer.status).toBe(403);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_PERMITTED');
    expect(answer.body.data ?? null).toBeNull();
  });

  test('a professional asking myAccessLog gets no citizen\'s list', async () => {
    const answer = await ask(DEMO.regisseur, MY_LOG);
    expect(answer.body.data ?? { myAccessLog: null }).toEqual({ myAccessLog: null });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_FIELD', label: 'audit' });
  });
});
