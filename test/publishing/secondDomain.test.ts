import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeSupergraph } from '../../schema/composeSupergraph';
import { checkLabels } from '../../schema/checkLabels';
import { startGateway, type RunningGateway } from '../../gateway/startGateway';
import { headersFor, type TestCaller } from '../harness/callers';
import { askTraced, expectChainVerifies, recordFor } from '../harness/auditTrail';
import { graphqlRequest } from '../harness/graphqlRequest';
import { startPlainSubgraph, type PlainSubgraph } from '../harness/plainSubgraph';

/*
 * Issue 8, item 2: the gateway knows no domain. An invented second domain — school
 * attendance, with other type names, labels, roles and purposes — runs on the same
 * gateway code with only a policy file and two subgraphs: labels, purposes, need-to-know
 * and audit subjects all work there.
 */

const LINKS = `
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@composeDirective"])
  @link(url: "https://huishoudview.example/label/v1.0", import: ["@label"])
  @composeDirective(name: "@label")
directive @label(category: String!) on FIELD_DEFINITION
`;

const ATTENDANCE_SDL = `${LINKS}
type Query {
  pupil(id: ID!): Pupil @label(category: "id")
}
type Pupil @key(fields: "id") {
  id: ID! @label(category: "id")
  name: String @label(category: "identity")
  absences: Int @label(category: "attendance")
}
`;

const TRANSPORT_SDL = `${LINKS}
type Pupil @key(fields: "id") {
  id: ID! @label(category: "id")
  transport: String @label(category: "transport")
}
`;

const POLICY = `
version: "school-1"
labels:
  id: Pupil numbers
  identity: Names
  attendance: School absences
  transport: Pupil transport arrangements
  audit: Access records
dataSubjects:
  Pupil:
    idPattern: '^L-[0-9]{4}$'
    openedBy: [Query.pupil]
needToKnow:
  subgraph: leerplicht
  route: /caseload
roles:
  leerplichtambtenaar:
    description: School attendance officer
    purposes: [verzuim]
purposes:
  verzuim:
    name: Verzuimaanpak
    processingActivity: VA-LPL-001
    legalBasis: Leerplichtwet 1969 art. 16
    description: Act on a pupil's unauthorised absence.
    labels: [id, identity, attendance]
    access: active-relation
    auditRetentionDays: 365
`;

const PUPILS: Record<string, { name: string; absences: number; transport: string }> = {
  'L-0001': { name: 'Sem Jansen', absences: 14, transport: 'taxibus' },
  'L-0002': { name: 'Lotte Bakker', absences: 2, transport: 'fiets' },
};
const OFFICER: TestCaller = { sub: 'u-lpa-1', role: 'leerplichtambtenaar', org: 'leerplicht', purpose: 'verzuim' };
/** The officer's caseload: L-0001 only. */
const CASELOAD: Record<string, string[]> = { 'u-lpa-1': ['L-0001'] };

let dir: string;
let gateway: RunningGateway | undefined;
const subgraphs: PlainSubgraph[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-second-domain-'));
  const origin = () => new URL(gateway!.url).origin;
  const attendance = await startPlainSubgraph({
    name: 'leerplicht',
    sdl: ATTENDANCE_SDL,
    gatewayOrigin: origin,
    resolvers: {
      Query: { pupil: (_: unknown, args: { id: string }) => (PUPILS[args.id] ? { id: args.id } : null) },
      Pupil: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        name: (p: { id: string }) => PUPILS[p.id]?.name,
        absences: (p: { id: string }) => PUPILS[p.id]?.absences,
      },
    },
    routes: { '/caseload': (caller) => ({ Pupil: CASELOAD[String(caller.sub)] ?? [] }) },
  });
  const transport = await startPlainSubgraph({
    name: 'vervoer',
    sdl: TRANSPORT_SDL,
    gatewayOrigin: origin,
    resolvers: { Pupil: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }), transport: (p: { id: string }) => PUPILS[p.id]?.transport } },
  });
  subgraphs.push(attendance, transport);
  const labels = new Set(['id', 'identity', 'attendance', 'transport', 'audit']);
  const supergraph = composeSupergraph(
    [
      { name: 'leerplicht', sdl: ATTENDANCE_SDL, url: attendance.url },
      { name: 'vervoer', sdl: TRANSPORT_SDL, url: transport.url },
    ],
    { checks: [({ name, document }) => checkLabels(name, document, labels)] },
  );
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), supergraph);
  fs.writeFileSync(path.join(dir, 'policy.yaml'), POLICY);
  gateway = await startGateway({ port: 0, dataDir: dir, supergraphPath: path.join(dir, 'supergraph.graphql'), policyFile: path.join(dir, 'policy.yaml') });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all(subgraphs.map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => expectChainVerifies(path.join(dir, 'audit.sqlite')));

test('labels and purposes: the officer reads attendance, not transport', async () => {
  const answer = await graphqlRequest(gateway!.url, '{ pupil(id: "L-0001") { name absences transport } }', { headers: await headersFor(OFFICER) });
  expect(answer.body.data).toEqual({ pupil: { name: 'Sem Jansen', absences: 14, transport: null } });
  expect(answer.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN_FIELD', label: 'transport', purpose: 'verzuim' }) })]);
  // The transport agency was never asked: the field was removed before planning.
  expect(subgraphs[1]!.answered).toBe(0);
});

test('need-to-know through the declared subgraph\'s route: a pupil outside the caseload is refused', async () => {
  const answer = await graphqlRequest(gateway!.url, '{ pupil(id: "L-0002") { name } }', { headers: await headersFor(OFFICER) });
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(answer.body.data ?? null).toBeNull();
});

test('audit subjects are pupils, with the labels returned about each; a purpose of another domain is refused', async () => {
  const traced = await askTraced(gateway!.url, OFFICER, '{ pupil(id: "L-0001") { absences } }');
  expect(recordFor(path.join(dir, 'audit.sqlite'), traced.traceId).subjectDetails).toEqual([{ type: 'Pupil', id: 'L-0001', labels: ['attendance', 'id'] }]);
  const foreign = await graphqlRequest(gateway!.url, '{ pupil(id: "L-0001") { name } }', { headers: await headersFor({ ...OFFICER, purpose: 'regie' }) });
  expect(foreign.body.errors?.[0]?.extensions?.code).toBe('PURPOSE_NOT_PERMITTED');
});

test('the reserved alias rule holds in any domain', async () => {
  const answer = await graphqlRequest(gateway!.url, '{ pupil(id: "L-0001") { hv__subjectId: name } }', { headers: await headersFor(OFFICER) });
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});
