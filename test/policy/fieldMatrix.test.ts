import { DEMO, headersFor } from '../harness/callers';
import {
  DOMAIN_LABELS,
  askedBeyond,
  H0001_SECRETS,
  HOUSEHOLD_VIEW,
  PURPOSE_MATRIX,
  VIEW_FIELDS,
  expandPattern,
  expectNoLeak,
  expectRedactedIn,
  forbiddenFieldPaths,
  schemaLabelOf,
  schemaLabels,
  subgraphRecorder,
  valueAt,
  viewExpectation,
  viewExpectations,
} from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 3, "What a user sees": for each role × purpose of docs/domain.md, which fields of H-0001
 * come back and which are redacted (null + FORBIDDEN_FIELD with path, label, purpose).
 */

let system: RunningSystem;
const recorder = subgraphRecorder();
beforeAll(async () => {
  system = await startSystem({ households: 20, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

const view = viewExpectations(() => system);

describe('the oracle agrees with the agencies: every view field carries the docs/domain.md label in its schema.graphql', () => {
  const labels = schemaLabels();
  test.each(VIEW_FIELDS.map((f) => [f.coordinate, f.label] as const))('%s is labelled %s', (coordinate, label) => {
    expect(schemaLabelOf(labels, coordinate)).toBe(label);
  });

  test('every field of every agency carries exactly one docs/domain.md label', () => {
    const wrong = [...labels].filter(([, categories]) => categories.length !== 1 || !(DOMAIN_LABELS as readonly string[]).includes(categories[0]!));
    expect(wrong).toEqual([]);
    expect(labels.size).toBeGreaterThan(90);
  });
});

describe('what a user sees of H-0001 (issue 3)', () => {
  test('u-regisseur-1 / regie: names, address, members, involvements, tenancy, debt status and total, payment arrears, safety flag', async () => {
    await view.expectVisible(DEMO.regisseur, [
      'household.members.0.name',
      'household.members.2.name',
      'household.address.street',
      'household.members',
      'household.involvements',
      'household.tenancy.status',
      'household.members.0.debtCase.status',
      'household.members.0.debtCase.totalDebt',
      'household.members.0.paymentArrears',
      'household.members.0.safetyFlag',
    ]);
    const answer = await view.answer(DEMO.regisseur);
    expect(valueAt(answer, 'household.members.0.name')).toBe('Samira de Vries');
    expect(valueAt(answer, 'household.address.street')).toBe('Spui');
    expect(valueAt(answer, 'household.members.0.debtCase.status')).toBe('AFGEWEZEN');
    expect(valueAt(answer, 'household.members.0.debtCase.totalDebt')).toBe(14870);
    expect(valueAt(answer, 'household.members.0.safetyFlag')).toBe(true);
    expect(valueAt(answer, 'household.tenancy.rentArrears')).toBe(2350);
  });

  test('u-regisseur-1 / regie: creditors, safetyReports, shelterStay, youthCare, benefits → null + FORBIDDEN_FIELD each', async () => {
    await view.expectRedacted(DEMO.regisseur, [
      'household.members.0.debtCase.creditors',
      'household.members.0.safetyReports',
      'household.members.0.shelterStay',
      'household.members.1.youthCare',
      'household.members.2.youthCare',
      'household.members.0.benefits',
    ]);
    const answer = await view.answer(DEMO.regisseur);
    expect(answer.status).toBe(200);
    // Woonstad and the tax office are creditors only; Haag Wonen and Eneco also signal arrears (financial-summary).
    expectNoLeak(answer, ['Blijf Groep', 'Woonstad', 'Belastingdienst', 'PARTICIPATIEWET', 'PLEEGZORG', 'HUISELIJK_GEWELD', 'KINDERMISHANDELING']);
  });

  test('u-schuld-1 / schuldhulp: creditors and benefits yes', async () => {
    await view.expectVisible(DEMO.schuldhulp, ['household.members.0.debtCase.creditors', 'household.members.0.benefits']);
    const answer = await view.answer(DEMO.schuldhulp);
    expect(valueAt(answer, 'household.members.0.debtCase.creditors')).toEqual([
      { name: 'Woonstad Rotterdam', kind: 'WONINGCORPORATIE', amount: 2350 },
      { name: 'Eneco', kind: 'ENERGIELEVERANCIER', amount: 1180.4 },
      { name: 'Zilveren Kruis', kind: 'ZORGVERZEKERAAR', amount: 864 },
      { name: 'Belastingdienst/Toeslagen', kind: 'BELASTINGDIENST', amount: 10475.6 },
    ]);
    expect(valueAt(answer, 'household.members.0.benefits')).toEqual([
      { kind: 'PARTICIPATIEWET', monthlyAmount: 1401.12 },
      { kind: 'ZORGTOESLAG', monthlyAmount: 131 },
    ]);
  });

  test('u-schuld-1 / schuldhulp: safety flag, safety reports, shelter stay, youth care no', async () => {
    await view.expectRedacted(DEMO.schuldhulp, [
      'household.members.0.safetyFlag',
      'household.members.0.safetyReports',
      'household.members.0.shelterStay',
      'household.members.1.youthCare',
    ]);
    expectNoLeak(await view.answer(DEMO.schuldhulp), ['Blijf Groep', 'PLEEGZORG', 'HUISELIJK_GEWELD']);
  });

  test('u-vt-1 / veiligheid: the shelter stay without the children, the reports and the foster care; no money, no housing', async () => {
    const answer = await view.answer(DEMO.veiligthuis);
    expect(valueAt(answer, 'household.members.0.shelterStay')).toMatchObject({ shelter: 'Blijf Groep', withChildren: false });
    expect(valueAt(answer, 'household.members.0.safetyReports.0.kind')).toBe('HUISELIJK_GEWELD');
    expect(valueAt(answer, 'household.members.1.youthCare')).toMatchObject({ kind: 'UITHUISPLAATSING', placement: 'PLEEGZORG' });
    await view.expectRedacted(DEMO.veiligthuis, ['household.tenancy', 'household.urgencyApplication', 'household.members.0.debtCase', 'household.members.0.benefits']);
    expectNoLeak(answer, ['Woonstad', 'Restschuld', 'PARTICIPATIEWET', '14870']);
  });
});

const professionals = PURPOSE_MATRIX.filter((row) => row.householdData);

describe.each(professionals)('$role / $purpose ($caller.sub) on H-0001', (row) => {
  const expected = viewExpectation(row.labels);

  test('every field whose label the purpose permits comes back with a value', async () => {
    expect(expected.visible.length).toBeGreaterThan(10);
    await view.expectVisible(row.caller, expected.visible.map((f) => f.witness));
  });

  test('every field whose label it does not permit is null with FORBIDDEN_FIELD (path, label, purpose)', async () => {
    expect(expected.redacted.length).toBeGreaterThan(0);
    const answer = await view.answer(row.caller);
    const paths = expected.redacted.flatMap((f) => expandPattern(answer, f.pattern));
    expect(paths.length).toBeGreaterThanOrEqual(expected.redacted.length);
    await view.expectRedacted(row.caller, paths);
  });

  test('the FORBIDDEN_FIELD errors are exactly those, nothing under a redacted field, no other errors', async () => {
    const answer = await view.answer(row.caller);
    const paths = expected.redacted.flatMap((f) => expandPattern(answer, f.pattern)).sort();
    expect(forbiddenFieldPaths(answer)).toEqual(paths);
    expect((answer.body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN_FIELD')).toEqual([]);
    for (const field of expected.underRedacted) expect(forbiddenFieldPaths(answer).some((p) => p.endsWith(field.pattern.split('.').pop()!))).toBe(false);
    expect(answer.status).toBe(200);
  });

  test('no agency was asked for a field the purpose does not permit', async () => {
    const answer = await system.query(HOUSEHOLD_VIEW, {
      variables: { id: 'H-0001' },
      headers: { ...(await headersFor(row.caller)), ...recorder.tag(`matrix-${row.purpose}`) },
    });
    expect(answer.status).toBe(200);
    const calls = recorder.calls(`matrix-${row.purpose}`);
    expect(calls.flatMap((c) => [...c.coordinates]).length).toBeGreaterThan(10);
    expect(askedBeyond(calls, row.labels)).toEqual([]);
  });
});

describe.each(PURPOSE_MATRIX.filter((row) => !row.householdData))('$role / $purpose ($caller.sub): no household data at all', (row) => {
  test.each([
    ['the view of H-0001', HOUSEHOLD_VIEW, { id: 'H-0001' }],
    ['person P-0001', '{ person(id: "P-0001") { id name birthDate debtCase { status } } }', {}],
    ['myHouseholds', '{ myHouseholds { id members { name } } }', {}],
  ])('%s: no data, no person named, no agency asked', async (name, query, variables) => {
    const tag = `nodata-${row.purpose}-${name}`;
    const answer = await system.query(query, { variables, headers: { ...(await headersFor(row.caller)), ...recorder.tag(tag) } });
    expect(Object.values(answer.body.data ?? {}).every((value) => value === null)).toBe(true);
    expect(answer.body.errors?.length).toBe(1);
    expect(['FORBIDDEN', 'FORBIDDEN_FIELD']).toContain(answer.body.errors![0]!.extensions?.code);
    expectNoLeak(answer, H0001_SECRETS);
    expect(recorder.calls(tag)).toEqual([]);
  });

  test('myHouseholds is withheld by the purpose: FORBIDDEN_FIELD, label "id", data null', async () => {
    const mine = await system.query('{ myHouseholds { id members { name } } }', { headers: await headersFor(row.caller) });
    expect(mine.status).toBe(200);
    expect(mine.body.data ?? null).toBeNull();
    expect(mine.body.errors?.map((e) => [e.extensions?.code, e.extensions?.label, e.extensions?.purpose, e.path])).toEqual([
      ['FORBIDDEN_FIELD', 'id', row.purpose, ['myHouseholds']],
    ]);
  });

  // The purpose permits no household field at all, so the root field is withheld by data
  // minimisation before any row is opened, as for myHouseholds above.
  test.each([
    ['household', '{ household(id: "H-0001") { id address { city } members { name } } }', 'Query.household'],
    ['person', '{ person(id: "P-0001") { id name } }', 'Query.person'],
  ])('root %s is redacted by the purpose: null + FORBIDDEN_FIELD with path, label "id" and the purpose', async (root, query, field) => {
    const answer = await system.query(query, { headers: await headersFor(row.caller) });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ [root]: null });
    expectRedactedIn(answer, [{ path: root, label: 'id', purpose: row.purpose, field }]);
    expect(answer.body.errors).toHaveLength(1);
  });
});
