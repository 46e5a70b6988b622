import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml, stringify } from 'yaml';
import { generateWorld, type WorldHousehold } from '../../seed/world';
import { databaseFile } from '../../subgraphs/kit/databaseFile';
import { auditFile } from '../../audit/auditFile';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import { expectRedactedIn, subgraphRecorder, valueAt } from '../harness/policyExpectations';
import { askTraced, recordFor } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 12, items 1–3: Household.blockages for one household, computed by the gateway from
 * policies/blockages.yaml and only from the fields the caller's purpose may read.
 * The expectations are H-0001's story (docs/domain.md), written out by hand.
 */

const HOUSEHOLDS = 40;
const world = generateWorld({ households: HOUSEHOLDS, seed: 1 });

/**
 * A household the test turns into one whose only lock runs through special categories:
 * a coordinator (regie), a Veilig Thuis professional and a child, so both can open it.
 */
const specialOnly: WorldHousehold = world.households.find(
  (h) =>
    h.index > 1 &&
    h.involvements.some((i) => i.agency === 'gemeente') &&
    h.involvements.some((i) => i.agency === 'veiligthuis') &&
    h.members.some((m) => m.householdRole === 'kind'),
)!;
const professionalOf = (household: WorldHousehold, agency: string) => household.involvements.find((i) => i.agency === agency)!.professional;

/**
 * A copy of the policy with one extra purpose, for the child-protection role, that may read
 * every label a household view has: the only way to show the longer chain, since no purpose
 * of the real policy reads both special categories and debts and housing.
 */
const FULL_VIEW = 'test-volledig-beeld';
const fullView: TestCaller = { sub: 'u-jeugd-1', role: 'jeugdbeschermer', purpose: FULL_VIEW };

const BLOCKAGES = `query Blockages($id: ID!) {
  household(id: $id) {
    id
    blockages { rule rulesVersion agencies closes explanation breakers { agency how } steps { agency decision reasonCode date } }
  }
}`;

const recorder = subgraphRecorder();
let system: RunningSystem;
let policyDir: string;

beforeAll(async () => {
  policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blockage-policy-'));
  const policy = parseYaml(fs.readFileSync(path.join(__dirname, '..', '..', 'policies', 'policy.yaml'), 'utf8')) as {
    roles: Record<string, { purposes: string[] }>;
    purposes: Record<string, Record<string, unknown>>;
    computedFields: string[];
  };
  // The copy lives elsewhere: it names the rules beside the real policy.
  policy.computedFields = [path.join(__dirname, '..', '..', 'policies', 'blockages.yaml')];
  policy.purposes[FULL_VIEW] = {
    ...policy.purposes.jeugdbescherming,
    name: 'Test: alles van een huishouden',
    processingActivity: 'VA-TEST-001',
    labels: ['id', 'identity', 'address', 'household', 'involvement', 'case', 'housing', 'financial-summary', 'safety-flag', 'special-safety', 'special-health', 'blockage'],
  };
  policy.roles.jeugdbeschermer!.purposes.push(FULL_VIEW);
  const policyFile = path.join(policyDir, 'policy.yaml');
  fs.writeFileSync(policyFile, stringify(policy));
  system = await startSystem({ households: HOUSEHOLDS, gateway: { policyFile, hooks: [recorder.hook] } });
  makeSpecialOnlyLock(system.dataDir, specialOnly);
});
afterAll(async () => {
  await system?.close();
  fs.rmSync(policyDir, { recursive: true, force: true });
});

/** Writes, in the agencies' own databases, a shelter without a family place and a child placed for it; no debt or housing refusal. */
function makeSpecialOnlyLock(dataDir: string, household: WorldHousehold): void {
  const parent = household.members.find((m) => m.householdRole !== 'kind')!;
  const child = household.members.find((m) => m.householdRole === 'kind')!;
  const write = (agency: string, statements: Array<[string, unknown[]]>) => {
    const db = new Database(databaseFile(dataDir, agency));
    try {
      for (const [sql, params] of statements) db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };
  write('veiligthuis', [
    ['DELETE FROM shelter_stays WHERE person_id = ?', [parent.id]],
    [
      'INSERT INTO shelter_stays (id, person_id, shelter, since, until, with_children, note, without_children_reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [`OP-T${household.index}`, parent.id, 'Fier', '2026-06-01', null, 0, 'Opvang zonder kinderen', 'GEEN_GEZINSPLEK'],
    ],
  ]);
  write('jeugdzorg', [
    ['DELETE FROM measures WHERE person_id = ?', [child.id]],
    [
      'INSERT INTO measures (id, person_id, kind, placement, under_supervision_order, since, until, note, placement_reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [`JZ-T${household.index}`, child.id, 'UITHUISPLAATSING', 'PLEEGZORG', 1, '2026-06-03', null, null, 'GEEN_OPVANG_MET_OUDER'],
    ],
  ]);
  write('schuldhulp', [['UPDATE debt_cases SET refusal_reason_code = NULL WHERE person_id IN (SELECT value FROM json_each(?))', [JSON.stringify(household.members.map((m) => m.id))]]]);
  write('wonen', [['UPDATE urgency_applications SET decision_reason_code = NULL WHERE household_id = ?', [household.id]]]);
}

async function ask(caller: TestCaller, id: string, tag: string, query = BLOCKAGES) {
  return system.query(query, { variables: { id }, headers: { ...(await headersFor(caller)), ...recorder.tag(tag) } });
}

type Blockage = { rule: string; agencies: string[]; closes: boolean; explanation: string; rulesVersion: string; steps: Array<{ agency: string; decision: string; reasonCode: string; date: string | null }>; breakers: Array<{ agency: string; how: string }> };
const rulesOf = (answer: Awaited<ReturnType<typeof ask>>) => ((valueAt(answer, 'household.blockages') as Blockage[] | null) ?? []).map((b) => b.rule).sort();
const RULES_VERSION = String((parseYaml(fs.readFileSync(path.join(__dirname, '..', '..', 'policies', 'blockages.yaml'), 'utf8')) as { version: unknown }).version);

test('the test world has a household to give a special-category-only lock', () => {
  expect(specialOnly).toBeDefined();
  expect(professionalOf(specialOnly, 'gemeente')).not.toBe('u-regisseur-1');
});

describe('H-0001 for the coordinator (regie)', () => {
  test('finds the lock between debt help and housing urgency, with its explanation, steps and who could break it', async () => {
    const answer = await ask(DEMO.regisseur, 'H-0001', 'regie-h1');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(valueAt(answer, 'household.blockages')).toEqual([
      {
        rule: 'schuld-en-woning',
        rulesVersion: RULES_VERSION,
        agencies: ['schuldhulp', 'wonen'],
        closes: true,
        explanation: expect.stringMatching(/geen vast woonadres.*vanwege de schulden/s),
        breakers: [
          { agency: 'schuldhulp', how: expect.stringContaining('briefadres') },
          { agency: 'wonen', how: expect.stringContaining('Urgentie') },
        ],
        steps: [
          { agency: 'schuldhulp', decision: 'Schuldhulp afgewezen', reasonCode: 'GEEN_VAST_WOONADRES', date: '2026-05-25' },
          { agency: 'wonen', decision: 'Woonurgentie afgewezen', reasonCode: 'SCHULDEN', date: '2026-05-06' },
        ],
      },
    ]);
  });

  test('never asks the shelter or youth care (fields regie may not read are not sources)', async () => {
    await ask(DEMO.regisseur, 'H-0001', 'regie-h1-sources');
    const agencies = recorder.calls('regie-h1-sources').map((c) => c.agency);
    expect(agencies).toEqual(expect.arrayContaining(['gemeente', 'schuldhulp', 'wonen']));
    expect(agencies).not.toContain('veiligthuis');
    expect(agencies).not.toContain('jeugdzorg');
  });

  test('the audit record lists every field the computation read, as if the caller had asked', async () => {
    const answer = await askTraced(system.gatewayUrl, DEMO.regisseur, BLOCKAGES, { variables: { id: 'H-0001' } });
    expect(answer.status).toBe(200);
    const record = recordFor(auditFile(system.dataDir), answer.traceId);
    const fields = record.fieldsReturned.map((f) => `${f.field}:${f.label}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'Household.blockages:blockage',
        'Household.members:household',
        'Person.debtCase:financial-summary',
        'DebtCase.refusalReasonCode:financial-summary',
        'DebtCase.decidedAt:financial-summary',
        'Household.urgencyApplication:housing',
        'UrgencyApplication.decisionReasonCode:housing',
        'UrgencyApplication.decidedAt:housing',
      ]),
    );
    expect(fields.some((f) => f.startsWith('ShelterStay.') || f.startsWith('YouthCareMeasure.'))).toBe(false);
    // The mother's debt file was read: she finds the access in her own report.
    const mother = record.subjectDetails.find((s) => s.type === 'Person' && s.id === 'P-0001');
    expect(mother?.labels).toEqual(expect.arrayContaining(['financial-summary', 'housing', 'blockage']));
  });

  test('a client cannot imitate the source aliases', async () => {
    const answer = await ask(DEMO.regisseur, 'H-0001', 'regie-alias', 'query($id: ID!) { household(id: $id) { hv__computed_members: members { id } } }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('under an alias and in a fragment, the computed field lands where the client asked', async () => {
    const query = `query($id: ID!) { household(id: $id) { ...F lock: blockages { rule } } } fragment F on Household { blockages { agencies } }`;
    const answer = await ask(DEMO.regisseur, 'H-0001', 'regie-fragment', query);
    expect(answer.body.errors).toBeUndefined();
    expect(valueAt(answer, 'household')).toEqual({ blockages: [{ agencies: ['schuldhulp', 'wonen'] }], lock: [{ rule: 'schuld-en-woning' }] });
  });
});

describe('the special-category purposes', () => {
  test.each([
    ['veiligheid', DEMO.veiligthuis],
    ['jeugdbescherming', DEMO.jeugd],
  ])('%s on H-0001: only the chain through shelter and foster care (it may not read debts or housing)', async (_purpose, caller) => {
    const answer = await ask(caller, 'H-0001', `special-${caller.purpose}`);
    expect(answer.body.errors).toBeUndefined();
    expect(rulesOf(answer)).toEqual(['opvang-en-pleegzorg']);
    const agencies = recorder.calls(`special-${caller.purpose}`).map((c) => c.agency);
    expect(agencies).not.toContain('schuldhulp');
    expect(agencies).not.toContain('wonen');
  });

  test('a purpose that may read special categories and debts and housing finds the longer chain too', async () => {
    const answer = await ask(fullView, 'H-0001', 'full-h1');
    expect(answer.body.errors).toBeUndefined();
    expect(rulesOf(answer)).toEqual(['gezin-uit-elkaar', 'opvang-en-pleegzorg', 'schuld-en-woning']);
    const long = (valueAt(answer, 'household.blockages') as Blockage[]).find((b) => b.rule === 'gezin-uit-elkaar')!;
    expect(long.agencies).toEqual(['veiligthuis', 'jeugdzorg', 'wonen', 'schuldhulp']);
    expect(long.steps.map((s) => s.reasonCode)).toEqual(['GEEN_GEZINSPLEK', 'GEEN_OPVANG_MET_OUDER', 'SCHULDEN', 'GEEN_VAST_WOONADRES']);
  });
});

describe('a household whose only lock runs through special categories', () => {
  test('the coordinator (regie) gets no blockage: it may not read what the lock is made of', async () => {
    const coordinator: TestCaller = { sub: professionalOf(specialOnly, 'gemeente'), role: 'regisseur', purpose: 'regie' };
    const answer = await ask(coordinator, specialOnly.id, 'regie-special');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(valueAt(answer, 'household.blockages')).toEqual([]);
    const agencies = recorder.calls('regie-special').map((c) => c.agency);
    expect(agencies).not.toContain('veiligthuis');
    expect(agencies).not.toContain('jeugdzorg');
  });

  test('while Veilig Thuis, which may read it, finds it (the lock is really there)', async () => {
    const professional: TestCaller = { sub: professionalOf(specialOnly, 'veiligthuis'), role: 'veiligthuis-medewerker', purpose: 'veiligheid' };
    const answer = await ask(professional, specialOnly.id, 'vt-special');
    expect(answer.body.errors).toBeUndefined();
    expect(rulesOf(answer)).toEqual(['opvang-en-pleegzorg']);
  });
});

describe('purposes without the blockage label', () => {
  test.each([
    ['schuldhulp', DEMO.schuldhulp],
    ['woonurgentie', DEMO.wonen],
  ])('%s: the field is redacted (FORBIDDEN_FIELD, label blockage) and no source is fetched for it', async (purpose, caller) => {
    const answer = await ask(caller, 'H-0001', `nolabel-${purpose}`);
    expect(answer.status).toBe(200);
    expectRedactedIn(answer, [{ path: 'household.blockages', label: 'blockage', purpose, field: 'Household.blockages' }]);
    for (const call of recorder.calls(`nolabel-${purpose}`)) expect(call.query).not.toContain('hv__computed');
  });
});
