import { generateKeyPair, SignJWT } from 'jose';
import { CALLER_TOKEN_TYPE, createCallerTokenSigner, GATEWAY_TOKEN_HEADER, signCallerToken } from '../../platform/callerToken';
import { loadOrCreateGatewayKeys } from '../../platform/gatewayKeys';
import { DEV_JWT_SECRET } from '../../gateway/auth/authConfig';
import type { AgencyName } from '../../seed/world';
import { DEMO, gatewayTokenHeaders, headersFor, tokenFor } from '../harness/callers';
import { graphqlRequest, type GraphQLAnswer } from '../harness/graphqlRequest';
import {
  H0001_SECRETS,
  askedBeyond,
  expectNoLeak,
  expectRedactedIn,
  expectRefused,
  expectVisibleIn,
  forbiddenFieldPaths,
  purposeRow,
  subgraphRecorder,
  valueAt,
} from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Ways around field-level enforcement, tried with regisseur / regie, which may not see
 * creditors, safetyReports, shelterStay, youthCare or benefits. Each denied field comes
 * back null with FORBIDDEN_FIELD, never a value, and no agency is asked for it.
 */

const REGIE = purposeRow('regie');
const recorder = subgraphRecorder();
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: 20, gateway: { hooks: [recorder.hook] } });
});
afterAll(() => system.close());

/** Values only the denied fields of H-0001 hold. */
const DENIED_VALUES = ['Woonstad', 'Belastingdienst', '10475.6', 'Blijf Groep', 'HUISELIJK_GEWELD', 'KINDERMISHANDELING', 'PLEEGZORG', 'UITHUISPLAATSING', 'PARTICIPATIEWET', 'ZORGTOESLAG', '1401.12'];

interface BypassCase {
  query: string;
  variables?: Record<string, unknown>;
  /** Response path → `Type.field` of the denied field standing there. */
  redacted: Record<string, string>;
  /** Paths that must still hold their value (the query is not simply refused). */
  visible: string[];
}

const LABEL: Record<string, string> = {
  'DebtCase.creditors': 'financial-detail',
  'Person.benefits': 'financial-detail',
  'Person.safetyReports': 'special-safety',
  'Person.shelterStay': 'special-safety',
  'Person.youthCare': 'special-health',
};

const H = '"H-0001"';

const CASES: Record<string, BypassCase> = {
  'named fragments': {
    query: `query { household(id: ${H}) { members { ...P } } }
      fragment P on Person { id name debtCase { ...D } }
      fragment D on DebtCase { status totalDebt creditors { ...C } }
      fragment C on Creditor { name kind amount }`,
    redacted: { 'household.members.0.debtCase.creditors': 'DebtCase.creditors' },
    visible: ['household.members.0.debtCase.totalDebt', 'household.members.0.name'],
  },
  'inline fragments': {
    query: `{ household(id: ${H}) { members { id ... on Person { shelterStay { shelter note } ... { safetyReports { summary } } } } } }`,
    redacted: { 'household.members.0.shelterStay': 'Person.shelterStay', 'household.members.0.safetyReports': 'Person.safetyReports', 'household.members.1.safetyReports': 'Person.safetyReports' },
    visible: ['household.members.0.id'],
  },
  'nested fragments (fragment → inline → fragment)': {
    query: `query { household(id: ${H}) { ...H } }
      fragment H on Household { id members { ...A } }
      fragment A on Person { id ... on Person { ...B } }
      fragment B on Person { youthCare { kind placement note } benefits { kind monthlyAmount } }`,
    redacted: { 'household.members.1.youthCare': 'Person.youthCare', 'household.members.2.youthCare': 'Person.youthCare', 'household.members.0.benefits': 'Person.benefits' },
    visible: ['household.id', 'household.members.2.id'],
  },
  'an alias (c: creditors)': {
    query: `{ household(id: ${H}) { members { debtCase { status c: creditors { name amount } } } } }`,
    redacted: { 'household.members.0.debtCase.c': 'DebtCase.creditors' },
    visible: ['household.members.0.debtCase.status'],
  },
  'an alias wearing the name of a permitted field (safetyFlag: shelterStay, totalDebt: creditors)': {
    query: `{ household(id: ${H}) { members { safetyFlag: shelterStay { shelter } debtCase { totalDebt: creditors { amount } } } } }`,
    redacted: { 'household.members.0.safetyFlag': 'Person.shelterStay', 'household.members.0.debtCase.totalDebt': 'DebtCase.creditors' },
    visible: ['household.members.0.debtCase'],
  },
  'a permitted field aliased as a denied one (creditors: paymentArrears) stays visible': {
    query: `{ household(id: ${H}) { members { creditors: paymentArrears { kind } youthCare: safetyFlag } } }`,
    redacted: {},
    visible: ['household.members.0.creditors.0.kind', 'household.members.0.youthCare'],
  },
  '@include(if: true)': {
    query: `{ household(id: ${H}) { members { id benefits @include(if: true) { kind monthlyAmount } } } }`,
    redacted: { 'household.members.0.benefits': 'Person.benefits' },
    visible: ['household.members.0.id'],
  },
  '@skip(if: false)': {
    query: `{ household(id: ${H}) { members { id shelterStay @skip(if: false) { shelter } } } }`,
    redacted: { 'household.members.0.shelterStay': 'Person.shelterStay' },
    visible: ['household.members.0.id'],
  },
  'variables driving @include and @skip': {
    query: `query($show: Boolean!, $hide: Boolean!) { household(id: ${H}) { members { id youthCare @include(if: $show) { kind } safetyReports @skip(if: $hide) { kind } } } }`,
    variables: { show: true, hide: false },
    redacted: { 'household.members.1.youthCare': 'Person.youthCare', 'household.members.0.safetyReports': 'Person.safetyReports' },
    visible: ['household.members.1.id'],
  },
  '__typename alone under a denied field (would reveal that a shelter stay exists)': {
    query: `{ household(id: ${H}) { members { __typename shelterStay { __typename } youthCare { t: __typename } } } }`,
    redacted: { 'household.members.0.shelterStay': 'Person.shelterStay', 'household.members.1.youthCare': 'Person.youthCare' },
    visible: ['household.members.0.__typename'],
  },
  '__typename through a fragment on a denied type': {
    query: `{ household(id: ${H}) { members { id shelterStay { ...S } } } } fragment S on ShelterStay { __typename }`,
    redacted: { 'household.members.0.shelterStay': 'Person.shelterStay' },
    visible: ['household.members.0.id'],
  },
  'the same denied field twice under different aliases': {
    query: `{ household(id: ${H}) { members { a: benefits { kind } b: benefits { monthlyAmount } debtCase { x: creditors { name } y: creditors { amount } } } } }`,
    redacted: {
      'household.members.0.a': 'Person.benefits',
      'household.members.0.b': 'Person.benefits',
      'household.members.0.debtCase.x': 'DebtCase.creditors',
      'household.members.0.debtCase.y': 'DebtCase.creditors',
    },
    visible: ['household.members.0.debtCase'],
  },
  'a denied field reached through person(id) and Person.household': {
    query: '{ person(id: "P-0002") { id youthCare { kind } household { members { id shelterStay { shelter } } } } }',
    redacted: { 'person.youthCare': 'Person.youthCare', 'person.household.members.0.shelterStay': 'Person.shelterStay' },
    visible: ['person.id', 'person.household.members.0.id'],
  },
  'a denied field reached through myHouseholds': {
    query: '{ myHouseholds { id members { id debtCase { creditors { name } } } } }',
    redacted: { 'myHouseholds.0.members.0.debtCase.creditors': 'DebtCase.creditors' },
    visible: ['myHouseholds.0.id'],
  },
};

describe.each(Object.entries(CASES))('bypass by %s', (name, c) => {
  let answer: GraphQLAnswer;
  beforeAll(async () => {
    answer = await system.query(c.query, { variables: c.variables, headers: { ...(await headersFor(DEMO.regisseur)), ...recorder.tag(name) } });
  });

  test('answers 200 with the permitted fields', () => {
    expect(answer.status).toBe(200);
    expectVisibleIn(answer, c.visible);
  });

  test('each denied field is null with FORBIDDEN_FIELD naming its path, label and purpose, and nothing else is', () => {
    expectRedactedIn(
      answer,
      Object.entries(c.redacted).map(([path, field]) => ({ path, field, label: LABEL[field]!, purpose: 'regie' })),
    );
    // Every error is a FORBIDDEN_FIELD for one of the fields this case denies; none names a permitted field.
    const deniedHere = new Set(Object.values(c.redacted));
    expect((answer.body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN_FIELD' || !deniedHere.has(String(e.extensions?.field)))).toEqual([]);
    expect(forbiddenFieldPaths(answer)).toEqual(expect.arrayContaining(Object.keys(c.redacted)));
  });

  test('no value of a denied field is in the answer', () => {
    expectNoLeak(answer, DENIED_VALUES);
  });

  test('no agency was asked for a field regie does not permit', () => {
    expect(recorder.calls(name).length).toBeGreaterThan(0);
    expect(askedBeyond(recorder.calls(name), REGIE.labels)).toEqual([]);
  });
});

test('a permitted alias named like a denied field is not redacted by mistake', async () => {
  const answer = await system.query(CASES['a permitted field aliased as a denied one (creditors: paymentArrears) stays visible']!.query, { headers: await headersFor(DEMO.regisseur) });
  expect(answer.body.errors).toBeUndefined();
  expect(valueAt(answer, 'household.members.0.creditors')).toEqual([{ kind: 'HUUR' }, { kind: 'ENERGIE' }, { kind: 'ZORGVERZEKERING' }]);
  expect(valueAt(answer, 'household.members.0.youthCare')).toBe(true);
});

describe('federation internals at the gateway', () => {
  test.each([
    ['_entities', 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { shelterStay { shelter } creditors: benefits { kind } } } }', { r: [{ __typename: 'Person', id: 'P-0001' }] }],
    ['_entities without variables', '{ _entities(representations: [{ __typename: "Person", id: "P-0001" }]) { __typename } }', undefined],
    ['_service', '{ _service { sdl } }', undefined],
    ['callerAccess (gateway only, @inaccessible)', '{ callerAccess { householdIds personIds } }', undefined],
  ])('%s is not part of the public schema: GRAPHQL_VALIDATION_FAILED (400), no data, no agency asked', async (name, query, variables) => {
    const answer = await system.query(query, { variables, headers: { ...(await headersFor(DEMO.regisseur)), ...recorder.tag(`internal-${name}`) } });
    expect(answer.status).toBe(400);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors!.length).toBeGreaterThan(0);
    expect(answer.body.errors!.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    expectNoLeak(answer, [...H0001_SECRETS, 'H-0001']);
    expect(recorder.calls(`internal-${name}`)).toEqual([]);
  });
});

describe('calling a subgraph directly', () => {
  const ENTITIES = {
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id shelterStay { shelter note } safetyReports { summary } } } }',
    variables: { r: [{ __typename: 'Person', id: 'P-0001' }] },
  };
  const CALLER = { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur', purpose: 'regie' };
  const url = (agency: AgencyName) => system.subgraphs[agency].url;

  async function forgedToken(agency: string): Promise<string> {
    // Right shape, right claims, right header, wrong key.
    const { privateKey } = await generateKeyPair('ES256');
    const keys = await loadOrCreateGatewayKeys(system.dataDir);
    return signCallerToken({ ...CALLER, agency, requestId: 'forged' }, createCallerTokenSigner({ privateKey, kid: keys.kid }, { reuseSeconds: 0 }));
  }

  test('control: with the own token of the gateway for veiligthuis the same query is answered', async () => {
    const answer = await graphqlRequest(url('veiligthuis'), ENTITIES.query, { variables: ENTITIES.variables, headers: await gatewayTokenHeaders(system.dataDir, 'veiligthuis', CALLER) });
    expect(answer.status).toBe(200);
    expect(valueAt(answer, '_entities.0.shelterStay.shelter')).toBe('Blijf Groep');
  });

  /** Headers that must not open `agency`; `other` is any other agency. */
  const REFUSED: Array<[string, (agency: AgencyName, other: AgencyName) => Promise<Record<string, string>>]> = [
    ['no gateway token', async () => ({})],
    ['a forged gateway token (another key)', async (agency) => ({ [GATEWAY_TOKEN_HEADER]: await forgedToken(agency) })],
    ['a gateway token for another agency', async (_agency, other) => gatewayTokenHeaders(system.dataDir, other, CALLER)],
    [
      'an expired gateway token',
      async (agency) => {
        const keys = await loadOrCreateGatewayKeys(system.dataDir);
        const signer = createCallerTokenSigner(keys, { reuseSeconds: 0, now: () => Date.now() - 10 * 60_000 });
        return { [GATEWAY_TOKEN_HEADER]: await signCallerToken({ ...CALLER, agency, requestId: 'old' }, signer) };
      },
    ],
    [
      'an alg "none" gateway token',
      async (agency) => {
        const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        const t = Math.floor(Date.now() / 1000);
        return { [GATEWAY_TOKEN_HEADER]: `${b64({ alg: 'none', typ: CALLER_TOKEN_TYPE })}.${b64({ ...CALLER, rid: 'x', iss: 'huishoudview-gateway', aud: agency, iat: t, exp: t + 60 })}.` };
      },
    ],
    [
      'an HS256 gateway token signed with the development secret',
      async (agency) => {
        const t = Math.floor(Date.now() / 1000);
        const token = await new SignJWT({ org: CALLER.org, role: CALLER.role, purpose: CALLER.purpose, rid: 'x' })
          .setProtectedHeader({ alg: 'HS256', typ: CALLER_TOKEN_TYPE })
          .setSubject(CALLER.sub)
          .setIssuer('huishoudview-gateway')
          .setAudience(agency)
          .setIssuedAt(t)
          .setExpirationTime(t + 60)
          .sign(new TextEncoder().encode(DEV_JWT_SECRET));
        return { [GATEWAY_TOKEN_HEADER]: token };
      },
    ],
    ["the user's own JWT as gateway token", async () => ({ [GATEWAY_TOKEN_HEADER]: await tokenFor(DEMO.veiligthuis) })],
    ["the user's own JWT as Bearer token, with X-Purpose", async () => headersFor(DEMO.veiligthuis)],
  ];

  test.each(REFUSED)('_entities at veiligthuis with %s → 401 UNAUTHENTICATED, no data', async (_name, headers) => {
    const answer = await graphqlRequest(url('veiligthuis'), ENTITIES.query, { variables: ENTITIES.variables, headers: await headers('veiligthuis', 'gemeente') });
    expectRefused(answer, { code: 'UNAUTHENTICATED', status: 401 });
    expect(answer.body).not.toHaveProperty('data');
  });

  test.each(REFUSED)('callerAccess at gemeente with %s → 401 UNAUTHENTICATED, no household ids', async (_name, headers) => {
    const query = '{ callerAccess { householdIds personIds } household(id: "H-0001") { id members { name } } }';
    const answer = await graphqlRequest(url('gemeente'), query, { headers: await headers('gemeente', 'veiligthuis') });
    expectRefused(answer, { code: 'UNAUTHENTICATED', status: 401, secrets: [...H0001_SECRETS, 'H-0001'] });
  });

  test('control: callerAccess at gemeente with a gateway token for gemeente answers (so the refusals are about the token)', async () => {
    const answer = await graphqlRequest(url('gemeente'), '{ callerAccess { householdIds } }', { headers: await gatewayTokenHeaders(system.dataDir, 'gemeente', CALLER) });
    expect(answer.body).toEqual({ data: { callerAccess: { householdIds: ['H-0001'] } } });
  });

  test.each(['schuldhulp', 'wonen', 'jeugdzorg', 'inkomen'] as const)('_entities at %s without a gateway token → 401', async (agency) => {
    const answer = await graphqlRequest(url(agency), '{ _entities(representations: [{ __typename: "Person", id: "P-0001" }]) { __typename } }');
    expectRefused(answer, { code: 'UNAUTHENTICATED', status: 401 });
  });
});
