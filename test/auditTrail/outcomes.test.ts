import os from 'node:os';
import path from 'node:path';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import {
  askTraced,
  maxSeq,
  newTrace,
  normalizedDocumentHash,
  policyVersionInForce,
  readTrail,
  recordCount,
  recordFor,
  recordsFor,
  responseValues,
  valuesIn,
  type TracedAnswer,
  type TrailRecord,
} from '../harness/auditTrail';
import { graphqlRequest } from '../harness/graphqlRequest';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 4 through the whole system: every gateway request leaves exactly one audit record,
 * whatever its outcome, read back straight from <dataDir>/audit.sqlite. The record says
 * who, why (purpose with its processing activity and legal basis), under which policy,
 * which document, which fields were returned or redacted, about whom, how it ended and
 * how long it took; never a value from the response.
 */

let system: RunningSystem;
let file: string;
beforeAll(async () => {
  system = await startSystem({ households: 5 });
  file = path.join(system.dataDir, 'audit.sqlite');
});
afterAll(() => system.close());

const REGISSEUR_1 = { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur' };
const REGISSEUR_2 = { sub: 'u-regisseur-2', org: 'gemeente', role: 'regisseur' };
/** policies/policy.yaml's register entry for `regie` (GDPR art. 30), as the record must carry it. */
const REGIE = { id: 'regie', processingActivity: 'VA-GEM-001', legalBasis: expect.stringMatching(/Wmo 2015 art\. 2\.3\.2/) };
const H0001 = { households: ['H-0001'], persons: ['P-0001', 'P-0002', 'P-0003'] };
const ASKED_H0001 = { households: ['H-0001'], persons: [] };
const NOBODY = { households: [], persons: [] };

const OVERVIEW = 'query HouseholdOverview { household(id: "H-0001") { address { street city } members { name debtCase { status totalDebt } } } }';
const WITH_CREDITORS =
  'query HouseholdDebts { household(id: "H-0001") { address { street city } members { name debtCase { status totalDebt creditors { name amount } } } } }';
const ADDRESS = 'query Address { household(id: "H-0001") { address { city } } }';

/** docs/domain.md labels of the fields the overview returns to `regie`. */
const OVERVIEW_RETURNED: Array<[string, string]> = [
  ['Query.household', 'id'],
  ['Household.address', 'address'],
  ['Address.street', 'address'],
  ['Address.city', 'address'],
  ['Household.members', 'household'],
  ['Person.name', 'identity'],
  ['Person.debtCase', 'financial-summary'],
  ['DebtCase.status', 'financial-summary'],
  ['DebtCase.totalDebt', 'financial-summary'],
];

interface OutcomeCase {
  caller: TestCaller | null;
  query: string;
  headers?: Record<string, string>;
  status: number;
  outcome: string;
  errorCodes: string[];
  /**
   * `undefined`: not checked in this table. A request that fails before the policy layer
   * (parse, validation) is covered by "a failed request still names its caller" below.
   */
  actor: typeof REGISSEUR_1 | null | undefined;
  /** Whether the record names the policy version in force (undefined: not checked, as for actor). */
  policy?: false;
  purpose: typeof REGIE | null;
  operationName: string | null;
  /** Whether the document parsed, so it has a hash. */
  hashed: boolean;
  subjects: { households: string[]; persons: string[] };
  returned: Array<[string, string]>;
  redacted: Array<[string, string]>;
}

const CASES: Array<[string, OutcomeCase]> = [
  [
    'OK: the coordinator reads fields of H-0001 that regie permits',
    { caller: DEMO.regisseur, query: OVERVIEW, status: 200, outcome: 'OK', errorCodes: [], actor: REGISSEUR_1, purpose: REGIE, operationName: 'HouseholdOverview', hashed: true, subjects: H0001, returned: OVERVIEW_RETURNED, redacted: [] },
  ],
  [
    'PARTIAL: the coordinator also asks for creditors (financial-detail)',
    {
      caller: DEMO.regisseur,
      query: WITH_CREDITORS,
      status: 200,
      outcome: 'PARTIAL',
      errorCodes: ['FORBIDDEN_FIELD'],
      actor: REGISSEUR_1,
      purpose: REGIE,
      operationName: 'HouseholdDebts',
      hashed: true,
      subjects: H0001,
      returned: OVERVIEW_RETURNED,
      redacted: [['DebtCase.creditors', 'financial-detail']],
    },
  ],
  [
    'FORBIDDEN: u-regisseur-2 has no relation with H-0001 (subjects: the id asked for)',
    { caller: DEMO.otherRegisseur, query: ADDRESS, status: 403, outcome: 'FORBIDDEN', errorCodes: ['FORBIDDEN'], actor: REGISSEUR_2, purpose: REGIE, operationName: 'Address', hashed: true, subjects: ASKED_H0001, returned: [], redacted: [] },
  ],
  [
    'UNAUTHENTICATED: no token',
    { caller: null, query: ADDRESS, headers: { 'x-purpose': 'regie' }, status: 401, outcome: 'UNAUTHENTICATED', errorCodes: ['UNAUTHENTICATED'], actor: null, purpose: null, operationName: 'Address', hashed: true, subjects: ASKED_H0001, returned: [], redacted: [] },
  ],
  [
    'UNAUTHENTICATED: a token that does not verify',
    {
      caller: DEMO.regisseur,
      query: ADDRESS,
      headers: { authorization: 'Bearer abc.def.ghi' },
      status: 401,
      outcome: 'UNAUTHENTICATED',
      errorCodes: ['UNAUTHENTICATED'],
      actor: null,
      purpose: null,
      operationName: 'Address',
      hashed: true,
      subjects: ASKED_H0001,
      returned: [],
      redacted: [],
    },
  ],
  [
    'FORBIDDEN: no X-Purpose header (PURPOSE_REQUIRED)',
    { caller: { ...DEMO.regisseur, purpose: undefined }, query: ADDRESS, status: 400, outcome: 'FORBIDDEN', errorCodes: ['PURPOSE_REQUIRED'], actor: REGISSEUR_1, purpose: null, operationName: 'Address', hashed: true, subjects: ASKED_H0001, returned: [], redacted: [] },
  ],
  [
    "FORBIDDEN: another role's purpose (PURPOSE_NOT_PERMITTED)",
    { caller: { ...DEMO.regisseur, purpose: 'veiligheid' }, query: ADDRESS, status: 403, outcome: 'FORBIDDEN', errorCodes: ['PURPOSE_NOT_PERMITTED'], actor: REGISSEUR_1, purpose: null, operationName: 'Address', hashed: true, subjects: ASKED_H0001, returned: [], redacted: [] },
  ],
  [
    'ERROR: a query that does not parse (GRAPHQL_PARSE_FAILED)',
    { caller: DEMO.regisseur, query: 'query Broken { household(id: "H-0001") { address { city } ', status: 400, outcome: 'ERROR', errorCodes: ['GRAPHQL_PARSE_FAILED'], actor: REGISSEUR_1, policy: false, purpose: REGIE, operationName: null, hashed: false, subjects: NOBODY, returned: [], redacted: [] },
  ],
  [
    'ERROR: a query that does not validate (GRAPHQL_VALIDATION_FAILED)',
    { caller: DEMO.regisseur, query: 'query Invalid { household(id: "H-0001") { salary } }', status: 400, outcome: 'ERROR', errorCodes: ['GRAPHQL_VALIDATION_FAILED'], actor: REGISSEUR_1, policy: false, purpose: REGIE, operationName: null, hashed: true, subjects: NOBODY, returned: [], redacted: [] },
  ],
];

const fieldPairs = (fields: TrailRecord['fieldsReturned']): Array<[string, string]> => fields.map((f) => [f.field, f.label]);
const sorted = (pairs: Array<[string, string]>) => [...pairs].sort(([a], [b]) => a.localeCompare(b));

/** Sends one case with a fresh traceparent; returns the answer, its record and when it was sent. */
async function run(c: OutcomeCase): Promise<{ answer: TracedAnswer; record: TrailRecord; sent: number; received: number }> {
  const sent = Date.now();
  const answer = await askTraced(system.gatewayUrl, c.caller, c.query, { headers: c.headers });
  const received = Date.now();
  return { answer, record: recordFor(file, answer.traceId), sent, received };
}

describe('one record for each outcome', () => {
  test.each(CASES)('%s', async (_name, c) => {
    const before = recordCount(file);
    const { answer, record, sent, received } = await run(c);

    expect(answer.status).toBe(c.status);
    expect(recordCount(file)).toBe(before + 1);
    expect(record).toMatchObject({
      kind: 'access',
      outcome: c.outcome,
      errorCodes: c.errorCodes,
      purpose: c.purpose,
      operationName: c.operationName,
      documentHash: c.hashed ? normalizedDocumentHash(c.query) : null,
      subjects: c.subjects,
      gatewayInstance: `${os.hostname()}:${process.pid}`,
    });
    if (c.actor !== undefined) expect(record.actor).toEqual(c.actor);
    if (c.policy !== false) expect(record.policyVersion).toBe(policyVersionInForce());
    expect(sorted(fieldPairs(record.fieldsReturned))).toEqual(sorted(c.returned));
    expect(sorted(fieldPairs(record.fieldsRedacted))).toEqual(sorted(c.redacted));
    // Trace context: the caller's trace id, the gateway's own span.
    expect(record.traceId).toBe(answer.traceId);
    expect(record.spanId).toMatch(/^[0-9a-f]{16}$/);
    if (c.hashed) expect(record.documentHash).toMatch(/^[0-9a-f]{64}$/);
    // When and how long: inside the request's own window, in UTC with milliseconds.
    expect(record.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(record.at)).toBeGreaterThanOrEqual(sent - 5);
    expect(Date.parse(record.at)).toBeLessThanOrEqual(received + 5);
    expect(record.durationMs).toBeGreaterThan(0);
    expect(record.durationMs!).toBeLessThanOrEqual(received - sent + 5);
    // Never the response itself.
    expect(valuesIn(record.raw, ['Samira', 'de Vries', 'Spui', 'Den Haag', ...responseValues(answer.body.data)])).toEqual([]);
  });

  test('the value check above can fail: the answers it ran against did carry names, addresses and amounts', async () => {
    const answer = await askTraced(system.gatewayUrl, DEMO.regisseur, OVERVIEW);
    const values = responseValues(answer.body.data);
    expect(values).toEqual(expect.arrayContaining(['Samira de Vries', 'Spui', 'Den Haag']));
    expect(values.some((v) => typeof v === 'number')).toBe(true);
    expect(valuesIn(JSON.stringify(answer.body), values)).toEqual(values);
  });
});

describe('a failed request still names its authenticated caller (issue 4: the record holds the actor)', () => {
  // The caller sent a valid token; the request failed before the policy layer ran.
  test.each<[string, string, string]>([
    ['a query that does not parse', 'query Broken { household(id: "H-0001") {', 'GRAPHQL_PARSE_FAILED'],
    ['a query that does not validate', 'query Invalid { household(id: "H-0001") { salary } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a query nested deeper than the limit', 'query Deep { household(id: "H-0001") { members { household { members { household { members { household { members { name } } } } } } } } }', 'QUERY_TOO_COMPLEX'],
  ])('%s → ERROR with actor u-regisseur-1', async (_name, query, code) => {
    const answer = await askTraced(system.gatewayUrl, DEMO.regisseur, query);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(code);
    const record = recordFor(file, answer.traceId);
    expect(record).toMatchObject({ outcome: 'ERROR', errorCodes: [code] });
    expect(record.actor).toEqual(REGISSEUR_1);
  });
});

describe('trace context', () => {
  test.each<[string, (traceId: string) => Record<string, string>, 'kept' | 'new']>([
    ['a valid traceparent: its trace id is kept', (id) => ({ traceparent: `00-${id}-b7ad6b7169203331-01` }), 'kept'],
    ['no traceparent: a new trace id', () => ({}), 'new'],
    ['a malformed traceparent: a new trace id', () => ({ traceparent: 'not-a-traceparent' }), 'new'],
    ['the all-zero (invalid) trace id: a new trace id', () => ({ traceparent: `00-${'0'.repeat(32)}-b7ad6b7169203331-01` }), 'new'],
  ])('%s', async (name, headers, expected) => {
    const traceId = newTrace().traceId;
    // A unique operation name finds the record when the trace id is not ours.
    const operationName = `Trace${Buffer.from(name).toString('hex').slice(0, 24)}`;
    const answer = await graphqlRequest(system.gatewayUrl, `query ${operationName} { household(id: "H-0001") { address { city } } }`, {
      headers: { ...(await headersFor(DEMO.regisseur)), ...headers(traceId) },
    });
    expect(answer.status).toBe(200);
    const records = readTrail(file).filter((r) => r.operationName === operationName);
    expect(records).toHaveLength(1);
    expect(records[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(records[0]!.spanId).not.toBe('b7ad6b7169203331');
    if (expected === 'kept') expect(records[0]!.traceId).toBe(traceId);
    else expect(records[0]!.traceId).not.toMatch(new RegExp(`^(${traceId}|0{32})$`));
  });
});

describe('exactly one record per request', () => {
  const MIX: Array<[TestCaller | null, string, Record<string, string>?]> = [
    [DEMO.regisseur, OVERVIEW],
    [DEMO.regisseur, WITH_CREDITORS],
    [DEMO.otherRegisseur, ADDRESS],
    [null, ADDRESS],
    [DEMO.regisseur, ADDRESS, { authorization: 'Bearer abc.def.ghi' }],
    [{ ...DEMO.regisseur, purpose: undefined }, ADDRESS],
    [DEMO.regisseur, '{ household(id: "H-0001") {'],
    [DEMO.regisseur, '{ household(id: "H-0001") { salary } }'],
    [DEMO.privacy, '{ auditChain { verified } }'],
    [DEMO.burger, '{ myAccessLog { at org } }'],
  ];

  test('a batch of mixed requests, 3 of each kind in flight at once: records = requests, one per trace id, seqs without gaps', async () => {
    const before = maxSeq(file);
    const count = recordCount(file);
    const answers = await Promise.all([...MIX, ...MIX, ...MIX].map(([caller, query, headers]) => askTraced(system.gatewayUrl, caller, query, { headers })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 400, 401, 403]));
    expect(recordCount(file)).toBe(count + answers.length);
    for (const answer of answers) expect(recordsFor(file, answer.traceId)).toHaveLength(1);
    const seqs = readTrail(file)
      .filter((r) => r.seq > before)
      .map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: answers.length }, (_, i) => before + 1 + i));
  });

  test('the same traceparent sent twice gives two records (records count requests, not traces)', async () => {
    const trace = newTrace();
    const headers = { ...(await headersFor(DEMO.regisseur)), traceparent: trace.traceparent };
    await graphqlRequest(system.gatewayUrl, ADDRESS, { headers });
    await graphqlRequest(system.gatewayUrl, ADDRESS, { headers });
    expect(recordsFor(file, trace.traceId)).toHaveLength(2);
  });
});

describe('requests refused before GraphQL runs are gateway requests too (issue 4: "one audit record per gateway request")', () => {
  // Each carries a valid token, a purpose and a traceparent; each is refused without data.
  test.each<[string, (url: string, headers: Record<string, string>) => Promise<Response>, number]>([
    ['a body that is not JSON', (url, headers) => fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"query": "{ household(id: \\"H-0001\\") {' }), 400],
    [
      'a batch (an array of operations) while batching is off',
      (url, headers) => fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify([{ query: ADDRESS }, { query: ADDRESS }]) }),
      400,
    ],
    ['a GET blocked as possible CSRF', (url, headers) => fetch(`${url}?query=${encodeURIComponent(ADDRESS)}`, { headers }), 400],
    ['an empty JSON object', (url, headers) => fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' }), 400],
  ])('%s → one ERROR record naming the caller', async (_name, send, status) => {
    const trace = newTrace();
    const before = recordCount(file);
    const response = await send(system.gatewayUrl, { ...(await headersFor(DEMO.regisseur)), traceparent: trace.traceparent });
    expect(response.status).toBe(status);
    expect(await response.text()).not.toMatch(/Den Haag|Spui|Samira/);
    expect(recordCount(file)).toBe(before + 1);
    expect(recordFor(file, trace.traceId)).toMatchObject({ outcome: 'ERROR', actor: REGISSEUR_1 });
  });
});
