import request from 'supertest';
import { startSystem, type RunningSystem } from './harness/startSystem';

/** One view across all six agencies of the demo household. */
const WHOLE_VIEW = `{
  household(id: "H-0001") {
    id
    address { city }
    tenancy { status }
    urgencyApplication { status }
    members { id name debtCase { status } safetyFlag youthCare { __typename } benefits { __typename } }
  }
}`;

interface View {
  household: {
    id: string;
    address: { city: string } | null;
    tenancy: { status: string } | null;
    urgencyApplication: { status: string } | null;
    members: Array<{ id: string; name: string | null; debtCase: { status: string } | null; safetyFlag: boolean | null }>;
  } | null;
}

describe('the gateway over the six real agencies', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ households: 3 });
  });
  afterAll(() => system.close());

  it('answers a view across all agencies and reports its SQL cost', async () => {
    const { status, body } = await system.query<View>(WHOLE_VIEW);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const household = body.data?.household;
    expect(household?.id).toBe('H-0001');
    expect(household?.members.map((m) => m.id)).toEqual(['P-0001', 'P-0002', 'P-0003']);
    expect(household?.tenancy).not.toBeNull();
    expect(household?.members[0]?.debtCase).not.toBeNull();
    expect(body.extensions?.sqlStatements).toEqual(expect.any(Number));
    expect(body.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(body.extensions?.subgraphRequests).toBe(6);
  });

  it('is ready', async () => {
    await request(system.gatewayOrigin).get('/ready').expect(200);
  });

  it('with wonen down, returns the rest of the view and AGENCY_UNAVAILABLE for wonen, quickly', async () => {
    await system.stopAgency('wonen');
    const started = Date.now();
    const { status, body } = await system.query<View>(WHOLE_VIEW);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(status).toBe(200);
    const household = body.data?.household;
    expect(household?.address?.city).toEqual(expect.any(String));
    expect(household?.members[0]?.debtCase).not.toBeNull();
    expect(household?.tenancy).toBeNull();
    expect(household?.urgencyApplication).toBeNull();
    expect(body.errors).toEqual([
      {
        message: 'The wonen agency did not answer; its part of the view is missing. Try again later.',
        extensions: { code: 'AGENCY_UNAVAILABLE', agency: 'wonen' },
      },
    ]);
  });
});
