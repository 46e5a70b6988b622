import request from 'supertest';
import { generateWorld, type WorldHousehold } from '../seed/world';
import { DEMO, headersFor, type TestCaller } from './harness/callers';
import { startSystem, type RunningSystem } from './harness/startSystem';

/** The household view of issue 2: everything every agency knows of a household. */
const VIEW = `query View($id: ID!) {
  household(id: $id) {
    id
    address { street houseNumber postalCode city kind }
    involvements { agency contact { name organisation phone } since }
    safetyInvolvements { agency }
    youthCareInvolvements { agency }
    relations { kind agency professional { sub } }
    coordinationCase { status goals }
    tenancy { status rentArrears arrearsMonths eviction }
    urgencyApplication { status decisionReason }
    members {
      id name birthDate householdRole
      debtCase { status refusalReason totalDebt creditors { name kind amount } }
      safetyFlag
      safetyReports { kind status summary }
      shelterStay { shelter withChildren note }
      youthCare { kind placement underSupervisionOrder }
      paymentArrears { kind creditor amount months }
      benefits { kind monthlyAmount }
    }
  }
}`;

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: { data?: { household: Json | null } | null; errors?: Array<{ message: string; extensions?: Json }>; extensions?: Json };
}

const HOUSEHOLDS = 300;
const world = generateWorld({ households: HOUSEHOLDS, seed: 1 });

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: HOUSEHOLDS });
});
afterAll(() => system.close());

async function view(caller: TestCaller, id = 'H-0001'): Promise<Answer> {
  return system.query(VIEW, { variables: { id }, headers: await headersFor(caller) });
}

function member(answer: Answer, index: number): Json {
  const members = answer.body.data?.household?.members as Json[];
  return members[index]!;
}

/** A household of `size` members whose case the social team coordinates, and its coordinator. */
function coordinated(size: number): { household: WorldHousehold; caller: TestCaller } {
  const household = world.households.find((h) => h.index > 2 && h.members.length === size && h.involvements.some((i) => i.agency === 'gemeente'));
  if (!household) throw new Error(`no coordinated household of ${size} in the test world`);
  const coordinator = household.involvements.find((i) => i.agency === 'gemeente')!.professional;
  return { household, caller: { sub: coordinator, role: 'regisseur', purpose: 'regie' } };
}

describe('the household view across six agencies (H-0001, docs/domain.md)', () => {
  test('the whole story is there, each part seen by the professional whose purpose covers it', async () => {
    const regie = await view(DEMO.regisseur);
    const household = regie.body.data!.household!;
    expect(household.address).toMatchObject({ city: 'Den Haag', kind: 'BRIEFADRES' });
    expect((household.members as Json[]).map((m) => m.id)).toEqual(['P-0001', 'P-0002', 'P-0003']);
    // The coordinator sees every agency whose involvement is no special category (issue 9, class 2).
    expect((household.involvements as Json[]).map((i) => i.agency).sort()).toEqual(['gemeente', 'inkomen', 'schuldhulp', 'wonen']);
    expect(household.coordinationCase).toMatchObject({ status: 'ACTIEF' });
    // Housing urgency denied for the residual debt on the marital home.
    expect(household.tenancy).toMatchObject({ status: 'BEEINDIGD', rentArrears: 2350 });
    expect(household.urgencyApplication).toMatchObject({ status: 'AFGEWEZEN', decisionReason: expect.stringMatching(/Restschuld/) });
    // Debt counselling refused for lack of a fixed address.
    expect(member(regie, 0).debtCase).toMatchObject({ status: 'AFGEWEZEN', refusalReason: expect.stringMatching(/woonadres/), creditors: null });
    expect(member(regie, 0).paymentArrears).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'HUUR', months: 3 })]));
    expect([0, 1, 2].map((i) => member(regie, i).safetyFlag)).toEqual([true, true, true]);

    const safety = await view(DEMO.veiligthuis);
    // Veilig Thuis and youth care are involved: seen by a purpose that may read those categories.
    expect((safety.body.data!.household!.safetyInvolvements as Json[]).map((i) => i.agency)).toEqual(['veiligthuis']);
    expect((safety.body.data!.household!.youthCareInvolvements as Json[]).map((i) => i.agency)).toEqual(['jeugdzorg']);
    // A shelter stay for the mother without the children; a domestic-violence report.
    expect(member(safety, 0).shelterStay).toMatchObject({ withChildren: false });
    expect(member(safety, 0).safetyReports).toEqual([expect.objectContaining({ kind: 'HUISELIJK_GEWELD' })]);
    // The children in foster care.
    expect([1, 2].map((i) => member(safety, i).youthCare)).toEqual([
      { kind: 'UITHUISPLAATSING', placement: 'PLEEGZORG', underSupervisionOrder: true },
      { kind: 'UITHUISPLAATSING', placement: 'PLEEGZORG', underSupervisionOrder: true },
    ]);

    const debt = await view(DEMO.schuldhulp);
    expect((member(debt, 0).debtCase as Json).creditors).toHaveLength(4);
    expect(member(debt, 0).benefits).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'PARTICIPATIEWET' })]));
  });

  test('one view costs the same SQL statements for a household of 1 and of 6 members', async () => {
    const small = coordinated(1);
    const large = coordinated(6);
    const a = await view(small.caller, small.household.id);
    const b = await view(large.caller, large.household.id);
    expect((a.body.data!.household!.members as Json[]).length).toBe(1);
    expect((b.body.data!.household!.members as Json[]).length).toBe(6);
    expect(a.body.extensions?.sqlStatements).toEqual(expect.any(Number));
    expect(b.body.extensions?.sqlStatements).toBe(a.body.extensions?.sqlStatements);
    expect(b.body.extensions?.sqlStatements).toBeLessThanOrEqual(12);
  });

  test('an unknown id is refused like any household without a relation: no data, not even whether it exists', async () => {
    const answer = await system.query('{ household(id: "H-9999999") { id } }', { headers: await headersFor(DEMO.regisseur) });
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('is ready', async () => {
    await request(system.gatewayOrigin).get('/ready').expect(200);
  });

  test('with wonen down, the rest of the view comes back with AGENCY_UNAVAILABLE for wonen, quickly', async () => {
    await system.stopAgency('wonen');
    const started = Date.now();
    const answer = await view(DEMO.regisseur);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answer.status).toBe(200);
    const household = answer.body.data!.household!;
    expect(household.address).toMatchObject({ city: 'Den Haag' });
    expect(member(answer, 0).debtCase).toMatchObject({ status: 'AFGEWEZEN' });
    expect(household.tenancy).toBeNull();
    expect(household.urgencyApplication).toBeNull();
    expect(answer.body.errors).toContainEqual({
      message: 'The wonen agency did not answer; its part of the view is missing. Try again later.',
      extensions: { code: 'AGENCY_UNAVAILABLE', agency: 'wonen' },
    });
  });
});
