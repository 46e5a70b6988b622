import type { AgencyName } from '../../seed/world';
import { AGENCIES } from '../../seed/world';
import { headersFor } from '../harness/callers';
import { HOUSEHOLD_VIEW, PURPOSE_MATRIX, askedBeyond, purposeRow, subgraphRecorder, type SubgraphCall } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Field-level enforcement happens before planning, so a denied field never reaches an
 * agency. Every subgraph request's query is recorded by an extra willSendSubgraphRequest
 * hook, which runs after the policy layer and sees exactly what is sent.
 */

const recorder = subgraphRecorder();
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 20, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

interface Row {
  purpose: string;
  /** Agency → fields it must be asked for (so the recording is known to work). */
  asked: Partial<Record<AgencyName, string[]>>;
  /** Agency → fields it must never be asked for. */
  neverAsked: Partial<Record<AgencyName, string[]>>;
}

/** docs/domain.md's matrix, read for the HOUSEHOLD_VIEW of H-0001. */
const ROWS: Row[] = [
  {
    purpose: 'regie',
    asked: { gemeente: ['Household.relations', 'Household.coordinationCase'], schuldhulp: ['Person.debtCase', 'DebtCase.totalDebt'], veiligthuis: ['Person.safetyFlag'], wonen: ['Household.tenancy'], inkomen: ['Person.paymentArrears'] },
    neverAsked: { schuldhulp: ['DebtCase.creditors', 'Creditor.name'], veiligthuis: ['Person.safetyReports', 'Person.shelterStay'], inkomen: ['Person.benefits'] },
  },
  {
    purpose: 'schuldhulp',
    asked: { schuldhulp: ['DebtCase.creditors', 'Creditor.amount'], inkomen: ['Person.benefits', 'Person.paymentArrears'], wonen: ['Household.urgencyApplication'] },
    neverAsked: { gemeente: ['Household.relations', 'Household.coordinationCase'] },
  },
  {
    purpose: 'woonurgentie',
    asked: { wonen: ['Household.tenancy', 'Household.urgencyApplication'], veiligthuis: ['Person.safetyFlag'], schuldhulp: ['DebtCase.totalDebt'] },
    neverAsked: { schuldhulp: ['DebtCase.creditors'], veiligthuis: ['Person.safetyReports', 'Person.shelterStay'], inkomen: ['Person.benefits'], gemeente: ['Household.relations'] },
  },
  {
    purpose: 'jeugdbescherming',
    asked: { veiligthuis: ['Person.safetyReports', 'Person.shelterStay'], jeugdzorg: ['Person.youthCare'], gemeente: ['Household.coordinationCase'] },
    neverAsked: {},
  },
  {
    purpose: 'veiligheid',
    asked: { veiligthuis: ['Person.safetyReports', 'Person.shelterStay', 'Person.safetyFlag'], jeugdzorg: ['Person.youthCare', 'YouthCareMeasure.note'] },
    neverAsked: {},
  },
];

/** Agencies that hold nothing the purpose permits in this view: they get no request at all. */
const UNASKED: Record<string, AgencyName[]> = {
  regie: ['jeugdzorg'],
  schuldhulp: ['veiligthuis', 'jeugdzorg'],
  woonurgentie: ['jeugdzorg'],
  jeugdbescherming: ['schuldhulp', 'wonen', 'inkomen'],
  veiligheid: ['schuldhulp', 'wonen', 'inkomen'],
  toezicht: [...AGENCIES],
  inzage: [...AGENCIES],
};

const calls = new Map<string, SubgraphCall[]>();
beforeAll(async () => {
  for (const row of PURPOSE_MATRIX) {
    const answer = await system.query(HOUSEHOLD_VIEW, { variables: { id: 'H-0001' }, headers: { ...(await headersFor(row.caller)), ...recorder.tag(row.purpose) } });
    expect([200, 403]).toContain(answer.status);
    calls.set(row.purpose, recorder.calls(row.purpose));
  }
});

const to = (purpose: string, agency: AgencyName) => (calls.get(purpose) ?? []).filter((c) => c.agency === agency);

describe.each(ROWS)('the view for $purpose', (row) => {
  test.each(Object.entries(row.asked) as Array<[AgencyName, string[]]>)('%s is asked for %j (the recording works)', (agency, fields) => {
    const asked = new Set(to(row.purpose, agency).flatMap((c) => [...c.coordinates]));
    expect(fields.filter((f) => !asked.has(f))).toEqual([]);
  });

  test('no agency is asked for any field whose label the purpose does not permit', () => {
    expect((calls.get(row.purpose) ?? []).length).toBeGreaterThan(0);
    expect(askedBeyond(calls.get(row.purpose) ?? [], purposeRow(row.purpose).labels)).toEqual([]);
  });
});

// jeugdbescherming and veiligheid: the agencies they may not read get no request at all (below).
describe.each(ROWS.filter((row) => Object.keys(row.neverAsked).length > 0))('the view for $purpose', (row) => {
  test.each(Object.entries(row.neverAsked) as Array<[AgencyName, string[]]>)('%s is never asked for %j', (agency, fields) => {
    const sent = to(row.purpose, agency);
    const asked = new Set(sent.flatMap((c) => [...c.coordinates]));
    expect(fields.filter((f) => asked.has(f))).toEqual([]);
    // Not even as text (e.g. under an alias or in a fragment the planner kept).
    for (const field of fields) expect(sent.map((c) => c.query).join('\n')).not.toContain(field.split('.')[1]);
  });
});

describe.each(Object.entries(UNASKED))('the view for %s', (purpose, agencies) => {
  test.each(agencies)('%s receives no request at all', (agency) => {
    expect(to(purpose, agency)).toEqual([]);
  });
});

test('regie asking youthCare explicitly: jeugdzorg receives no request, the field comes back FORBIDDEN_FIELD', async () => {
  const answer = await system.query('{ household(id: "H-0001") { members { id youthCare { kind placement note } } } }', {
    headers: { ...(await headersFor(purposeRow('regie').caller)), ...recorder.tag('regie-youthCare') },
  });
  expect(answer.body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
    ['FORBIDDEN_FIELD', 'household.members.0.youthCare'],
    ['FORBIDDEN_FIELD', 'household.members.1.youthCare'],
    ['FORBIDDEN_FIELD', 'household.members.2.youthCare'],
  ]);
  expect(recorder.calls('regie-youthCare').map((c) => c.agency)).toEqual(['gemeente']);
  expect(recorder.callsTo('regie-youthCare', 'jeugdzorg')).toEqual([]);
});

test('regie asking only creditors: schuldhulp is asked for the debt case, never for creditors', async () => {
  await system.query('{ household(id: "H-0001") { members { debtCase { creditors { name kind amount } } } } }', {
    headers: { ...(await headersFor(purposeRow('regie').caller)), ...recorder.tag('regie-creditors') },
  });
  const sent = recorder.callsTo('regie-creditors', 'schuldhulp');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.query).not.toContain('creditors');
  expect([...sent[0]!.coordinates].sort()).toEqual(['Person.debtCase', 'Query._entities']);
});
