import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { auditFile } from '../../audit/auditFile';
import type { AuditRecordInput } from '../../audit/AuditRecord';
import { SqliteAuditStore } from '../../audit/SqliteAuditStore';
import { composeSupergraph } from '../../schema/composeSupergraph';
import { registrySources } from '../harness/registrySources';
import { SUBGRAPH_CHECKS } from '../../schema/subgraphChecks';
import { audit } from '../../subgraphs/audit';
import type { Caller } from '../../subgraphs/kit/AgencyDefinition';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/startSubgraph';
import { graphqlRequest } from '../harness/graphqlRequest';
import { REGIE, REGISSEUR, SCHULD, SCHULDHULP, sampleInput, subjectsOf, tempDir } from './auditFixtures';

/*
 * The review subgraph over real HTTP. The gateway will sign the caller; here the kit's
 * `identify` hook takes it from a test header, so each request can be anyone.
 */

const CALLER_HEADER = 'x-test-caller';
const PRIVACY_OFFICER: Caller = { sub: 'u-privacy-1', org: 'gemeente', role: 'privacy-officer', purpose: 'toezicht' };
const CITIZEN: Caller = { sub: 'P-0001', org: 'burger', role: 'burger', purpose: 'inzage' };

let dataDir: string;
let store: SqliteAuditStore;
let subgraph: RunningSubgraph;

async function identify(req: IncomingMessage): Promise<Caller | null> {
  const header = req.headers[CALLER_HEADER];
  return typeof header === 'string' ? (JSON.parse(header) as Caller) : null;
}

function ask(query: string, caller: Caller | null, variables?: Record<string, unknown>) {
  return graphqlRequest(subgraph.url, query, { variables, headers: caller ? { [CALLER_HEADER]: JSON.stringify(caller) } : {} });
}

const NODE = 'seq traceId at actor { sub org role } purpose processingActivity outcome errorCodes policyVersion subjects householdIds personIds fieldsReturned fieldsRedacted returned { field label } operationName';
const LOG = `query($filter: AccessLogFilter, $first: Int, $after: String) {
  accessLog(filter: $filter, first: $first, after: $after) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } }
}`;

// 12 records over one Wednesday: the coordinator views H-0001 (P-0001 among the subjects),
// the debt counsellor views another household, and is refused once.
const RECORDS: Array<Partial<AuditRecordInput>> = Array.from({ length: 12 }, (_, i) => ({
  at: new Date(Date.UTC(2026, 10, 25, 8, i * 5)).toISOString(),
  outcome: i === 5 ? 'FORBIDDEN' : 'OK',
  errorCodes: i === 5 ? ['FORBIDDEN'] : [],
  ...(i % 2 === 0
    ? { actor: { ...REGISSEUR }, purpose: { ...REGIE }, subjects: subjectsOf({ households: ['H-0001'], persons: ['P-0001', 'P-0002'] }, ['address', 'identity']) }
    : { actor: { ...SCHULD }, purpose: { ...SCHULDHULP }, subjects: subjectsOf({ households: ['H-0002'], persons: ['P-0004'] }, ['address', 'identity']) }),
}));

beforeAll(async () => {
  dataDir = tempDir('hv-audit-subgraph-');
  // The subgraph starts before the gateway wrote anything: it must open an empty log.
  subgraph = await startSubgraph(audit, { port: 0, dataDir, identify });
  store = new SqliteAuditStore({ file: auditFile(dataDir) });
  for (const [i, overrides] of RECORDS.entries()) await store.append(sampleInput(overrides, i + 1));
});

afterAll(async () => {
  await subgraph?.close();
  await store?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('accessLog', () => {
  test('pages newest first over HTTP, with the record fields', async () => {
    const first = await ask(LOG, PRIVACY_OFFICER, { first: 5 });
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data!.accessLog as { edges: Array<{ cursor: string; node: Record<string, unknown> }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    expect(page.edges.map((e) => e.node.seq)).toEqual([12, 11, 10, 9, 8]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges[1]!.node).toEqual({
      seq: 11,
      traceId: sampleInput({}, 11).traceId,
      at: '2026-11-25T08:50:00.000Z',
      actor: { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur' },
      purpose: 'regie',
      processingActivity: 'VA-GEM-001',
      outcome: 'OK',
      errorCodes: [],
      policyVersion: '2026-11-25.1',
      subjects: ['H-0001', 'P-0001', 'P-0002'],
      householdIds: ['H-0001'],
      personIds: ['P-0001', 'P-0002'],
      fieldsReturned: ['Household.address', 'Person.name'],
      fieldsRedacted: ['Person.debtCase'],
      returned: [
        { field: 'Household.address', label: 'address' },
        { field: 'Person.name', label: 'identity' },
      ],
      operationName: 'HouseholdView',
    });

    const rest = await ask(LOG, PRIVACY_OFFICER, { first: 100, after: page.pageInfo.endCursor });
    const restPage = rest.body.data!.accessLog as { edges: Array<{ node: { seq: number } }>; pageInfo: { hasNextPage: boolean } };
    expect(restPage.edges.map((e) => e.node.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(restPage.pageInfo.hasNextPage).toBe(false);
  });

  test.each<[string, Record<string, unknown>, number[]]>([
    ['subjectId', { subjectId: 'P-0004' }, [12, 10, 8, 6, 4, 2]],
    ['actorSub and outcome', { actorSub: 'u-schuld-1', outcome: 'FORBIDDEN' }, [6]],
    ['org', { org: 'gemeente', from: '2026-11-25T08:40:00Z' }, [11, 9]],
    ['purpose and a time range with offsets', { purpose: 'schuldhulp', from: '2026-11-25T09:00:00+01:00', to: '2026-11-25T09:20:00+01:00' }, [4, 2]],
    ['a bare date', { from: '2026-11-26' }, []],
  ])('filters on %s', async (_name, filter, seqs) => {
    const result = await ask(LOG, PRIVACY_OFFICER, { filter, first: 100 });
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data!.accessLog as { edges: Array<{ node: { seq: number } }> }).edges.map((e) => e.node.seq)).toEqual(seqs);
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['a from that is no time', { filter: { from: 'yesterday' } }, /^filter\.from must be an ISO 8601 time/],
    ['a to on a day that does not exist', { filter: { to: '2026-02-30' } }, /^filter\.to has no such date/],
    ['to before from', { filter: { from: '2026-11-26', to: '2026-11-25' } }, /^filter\.to must be later than filter\.from/],
    ['a cursor from elsewhere', { after: 'not-a-cursor' }, /^after is not a cursor from this access log/],
    ['a negative first', { first: -3 }, /^first must be a whole number/],
  ])('answers BAD_USER_INPUT for %s', async (_name, variables, message) => {
    const result = await ask(LOG, PRIVACY_OFFICER, variables);
    expect(result.body.data?.accessLog ?? null).toBeNull();
    expect(result.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
  });

  test('first above 100 is capped silently', async () => {
    const other = tempDir('hv-audit-cap-');
    const bigStore = new SqliteAuditStore({ file: auditFile(other) });
    await Promise.all(Array.from({ length: 130 }, (_, i) => bigStore.append(sampleInput({}, i + 1))));
    const big = await startSubgraph(audit, { port: 0, dataDir: other, identify });
    try {
      const result = await graphqlRequest(big.url, LOG, { variables: { first: 1000 }, headers: { [CALLER_HEADER]: JSON.stringify(PRIVACY_OFFICER) } });
      expect(result.body.errors).toBeUndefined();
      const page = result.body.data!.accessLog as { edges: unknown[]; pageInfo: { hasNextPage: boolean } };
      expect(page.edges).toHaveLength(100);
      expect(page.pageInfo.hasNextPage).toBe(true);
    } finally {
      await big.close();
      await bigStore.close();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  test('sees records appended after the subgraph opened the log', async () => {
    const before = await ask('{ auditChain { records } }', PRIVACY_OFFICER);
    const record = await store.append(sampleInput({ at: '2026-11-25T12:00:00Z', outcome: 'OK', subjects: subjectsOf({ households: ['H-0003'], persons: ['P-0009'] }) }, 99));
    const after = await ask(LOG, PRIVACY_OFFICER, { first: 1 });
    expect((after.body.data!.accessLog as { edges: Array<{ node: { seq: number } }> }).edges[0]!.node.seq).toBe(record.seq);
    expect((await ask('{ auditChain { records } }', PRIVACY_OFFICER)).body.data).toEqual({ auditChain: { records: (before.body.data!.auditChain as { records: number }).records + 1 } });
  });
});

describe('auditChain and unusualAccess', () => {
  test('auditChain reports an intact chain', async () => {
    const result = await ask('{ auditChain { verified records firstBrokenSeq reason lastSeq lastHash } }', PRIVACY_OFFICER);
    expect(result.body.data!.auditChain).toMatchObject({ verified: true, firstBrokenSeq: null, reason: null, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  test('unusualAccess lists the refused attempt with its counts', async () => {
    const result = await ask(
      `{ unusualAccess(from: "2026-11-25", to: "2026-11-26") { kind actor { sub org role } counts { requests forbidden unauthenticated threshold } firstAt lastAt explanation } }`,
      PRIVACY_OFFICER,
    );
    expect(result.body.errors).toBeUndefined();
    const findings = result.body.data!.unusualAccess as Array<Record<string, unknown>>;
    expect(findings).toContainEqual(
      expect.objectContaining({
        kind: 'REFUSED_ATTEMPTS',
        actor: { sub: 'u-schuld-1', org: 'schuldhulp', role: 'schuldhulpverlener' },
        counts: { requests: 6, forbidden: 1, unauthenticated: 0, threshold: 1 },
        firstAt: '2026-11-25T08:25:00.000Z',
      }),
    );
  });

  test.each<[string, string]>([
    ['from', '{ unusualAccess(from: "last week") { kind } }'],
    ['to', '{ unusualAccess(from: "2026-11-25", to: "2026-11-24") { kind } }'],
  ])('unusualAccess answers BAD_USER_INPUT for a bad %s', async (argument, query) => {
    const result = await ask(query, PRIVACY_OFFICER);
    expect(result.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(new RegExp(`^${argument} `)), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('myAccessLog (the citizen)', () => {
  test('lists disclosures of the citizen only, with org, role, purpose and labels and no professional id', async () => {
    const result = await ask('{ myAccessLog { at org role purpose labels } }', CITIZEN);
    expect(result.body.errors).toBeUndefined();
    const accesses = result.body.data!.myAccessLog as Array<Record<string, unknown>>;
    expect(accesses).toHaveLength(6);
    expect(accesses[0]).toEqual({ at: '2026-11-25T08:50:00.000Z', org: 'gemeente', role: 'regisseur', purpose: 'regie', labels: ['address', 'identity'] });
    expect(JSON.stringify(result.body)).not.toMatch(/u-regisseur|u-schuld|P-0004|H-0002/);
  });

  test('a citizen with no disclosures gets an empty list', async () => {
    const result = await ask('{ myAccessLog { at } }', { ...CITIZEN, sub: 'P-0404' });
    expect(result.body).toEqual({ data: { myAccessLog: [] } });
  });
});

describe('authorization inside the subgraph (defence in depth)', () => {
  const REVIEW_QUERIES = ['{ accessLog { edges { cursor } } }', '{ auditChain { verified } }', '{ unusualAccess { kind } }'];
  test.each<[string, Caller | null]>([
    ['no verified caller', null],
    ['a coordinator', { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur', purpose: 'regie' }],
    ['a privacy officer with another purpose', { ...PRIVACY_OFFICER, purpose: 'regie' }],
    ['someone else claiming toezicht', { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur', purpose: 'toezicht' }],
    ['a citizen', CITIZEN],
  ])('review fields are FORBIDDEN for %s', async (_name, caller) => {
    for (const query of REVIEW_QUERIES) {
      const result = await ask(query, caller);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(result.body.data ?? {})).not.toMatch(/u-|H-|P-/);
    }
  });

  test.each<[string, Caller | null]>([
    ['no verified caller', null],
    ['a privacy officer', PRIVACY_OFFICER],
    ['a professional', { sub: 'u-regisseur-1', org: 'gemeente', role: 'regisseur', purpose: 'regie' }],
  ])('myAccessLog is FORBIDDEN for %s', async (_name, caller) => {
    const result = await ask('{ myAccessLog { at } }', caller);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.body.data?.myAccessLog ?? null).toBeNull();
  });
});

test('composes with the six agencies and passes the label checks', () => {
  const sources = registrySources();
  expect(sources.map((s) => s.name)).toContain('audit');
  const supergraph = composeSupergraph(sources, { checks: SUBGRAPH_CHECKS });
  expect(supergraph).toMatch(/accessLog\(filter: AccessLogFilter, first: Int = 20, after: String\): AccessLogConnection/);
  expect(supergraph).toMatch(/myAccessLog: \[CitizenAccess!\]/);
});
