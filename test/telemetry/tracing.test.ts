import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import path from 'node:path';
import { startTracing, startTracingFromEnv, stopTracing } from '../../platform/telemetry/tracing';
import { headersFor, DEMO } from '../harness/callers';
import { graphqlRequest } from '../harness/graphqlRequest';
import { newTrace, recordFor, readTrail } from '../harness/auditTrail';
import { startSystem, type RunningSystem } from '../harness/startSystem';
import { eventually } from '../harness/startRunner';

/*
 * OpenTelemetry traces (issue 11, item 6), with the gateway and the subgraphs in this
 * process and an in-memory exporter behind the same attribute allow-list as OTLP: a span
 * per gateway request, per planning, per subgraph fetch (with the agency), per audit
 * commit, and per subgraph request; the client's traceparent carried to the subgraphs;
 * the audit record holding the span's trace id; and no personal data in any attribute.
 */

const exporter = new InMemorySpanExporter();
let system: RunningSystem;

beforeAll(async () => {
  startTracing({ serviceName: 'huishoudview-test', exporter });
  system = await startSystem({ households: 5 });
});
afterAll(async () => {
  await system?.close();
  await stopTracing();
});

const VIEW = 'query Jansen_P0001 { household(id: "H-0001") { id members { name debtCase { status } } tenancy { status } } }';
const auditFile = () => path.join(system.dataDir, 'audit.sqlite');
const spansOf = (traceId: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

/** The gateway's request span ends when its response has gone; wait for it and its children. */
async function traceOf(traceId: string, expected: string): Promise<ReadableSpan[]> {
  await eventually(() => spansOf(traceId).some((s) => s.name === expected), `a "${expected}" span in trace ${traceId}`, 10_000);
  return spansOf(traceId);
}

it('continues the client’s trace through the gateway to every subgraph asked', async () => {
  const trace = newTrace();
  const { body } = await graphqlRequest(system.gatewayUrl, VIEW, { headers: { ...(await headersFor(DEMO.regisseur)), traceparent: trace.traceparent } });
  expect(body.errors).toBeUndefined();
  const spans = await traceOf(trace.traceId, 'gateway request');

  const [request] = spans.filter((s) => s.name === 'gateway request');
  expect(request).toBeDefined();
  expect(request!.kind).toBe(SpanKind.SERVER);
  expect(request!.parentSpanId).toBe(trace.parentSpanId);
  expect(request!.attributes).toMatchObject({ 'http.route': '/graphql', 'http.response.status_code': 200, 'graphql.outcome': 'ok' });

  // Apollo Gateway's own spans nest under ours: the planning, and a fetch per subgraph.
  expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute', 'gateway.fetch']));

  const fetches = spans.filter((s) => s.name === 'subgraph fetch');
  expect(new Set(fetches.map((s) => s.attributes.agency))).toEqual(new Set(['gemeente', 'schuldhulp', 'wonen']));
  for (const fetch of fetches) expect(fetch.kind).toBe(SpanKind.CLIENT);

  // Each subgraph received the traceparent of the fetch that called it.
  const served = spans.filter((s) => s.name === 'subgraph request' && s.attributes['http.route'] === '/graphql');
  expect(served.length).toBeGreaterThanOrEqual(3);
  for (const span of served) {
    expect(span.kind).toBe(SpanKind.SERVER);
    const caller = fetches.find((f) => f.spanContext().spanId === span.parentSpanId);
    expect(caller).toBeDefined();
    expect(span.attributes.agency).toBe(caller!.attributes.agency);
  }

  // The need-to-know look-up is in the trace, and the subgraph that answered it too.
  const lookup = spans.find((s) => s.name === 'need-to-know lookup');
  expect(lookup?.parentSpanId).toBe(request!.spanContext().spanId);
  expect(spans.some((s) => s.name === 'subgraph request' && s.parentSpanId === lookup!.spanContext().spanId && s.attributes['http.route'] === '/caller-access')).toBe(true);

  // The audit record names the trace and the gateway's span.
  const record = recordFor(auditFile(), trace.traceId);
  expect(record.spanId).toBe(request!.spanContext().spanId);
});

it('starts a trace of its own without a traceparent, and the audit record carries it', async () => {
  const before = readTrail(auditFile()).length;
  const { body } = await graphqlRequest(system.gatewayUrl, '{ household(id: "H-0001") { id } }', { headers: await headersFor(DEMO.regisseur) });
  expect(body.errors).toBeUndefined();
  await eventually(() => readTrail(auditFile()).length > before, 'the audit record');
  const record = readTrail(auditFile()).at(-1)!;
  const spans = await traceOf(record.traceId!, 'gateway request');
  const request = spans.find((s) => s.name === 'gateway request')!;
  expect(request.parentSpanId).toBeUndefined();
  expect(request.spanContext().spanId).toBe(record.spanId);
});

it('has a span per audit commit', async () => {
  await eventually(() => exporter.getFinishedSpans().some((s) => s.name === 'audit commit'), 'an audit commit span', 10_000);
  const commits = exporter.getFinishedSpans().filter((s) => s.name === 'audit commit');
  for (const commit of commits) {
    expect(commit.parentSpanId).toBeUndefined();
    expect(commit.attributes['audit.batch_size']).toBeGreaterThanOrEqual(1);
  }
});

it('puts no personal data in any span: no ids, no operation name, no document', async () => {
  // A refusal and a typed non-id too, so every path has been traced.
  await graphqlRequest(system.gatewayUrl, '{ household(id: "H-0002") { id } }', { headers: await headersFor(DEMO.otherRegisseur) });
  await graphqlRequest(system.gatewayUrl, '{ household(id: "Jansen, Dorpsstraat 1") { id } }', { headers: await headersFor(DEMO.regisseur) });
  await eventually(() => exporter.getFinishedSpans().filter((s) => s.name === 'gateway request').length >= 4, 'four gateway request spans', 10_000);
  const spans = exporter.getFinishedSpans();
  const text = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })));
  for (const shape of [/H-\d{4}/, /P-?\d{4}/, /u-[a-z]+-\d/, /Jansen/, /household\(/]) expect(text).not.toMatch(shape);
  // Apollo sets the client's operation name on its spans; the allow-list drops it.
  expect(spans.every((s) => !('operationName' in s.attributes) && !('graphql.operation.name' in s.attributes))).toBe(true);
});

it('refuses a collector address that is not an http(s) URL, naming the setting', () => {
  expect(() => startTracingFromEnv('huishoudview-gateway', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
    'OTEL_EXPORTER_OTLP_ENDPOINT must be the http(s) URL of an OpenTelemetry collector, such as http://127.0.0.1:4318, not "collector:4318".',
  );
  // Unset: nothing is started (and the tracing this test file started stays as it was).
  expect(startTracingFromEnv('huishoudview-gateway', {})).toBe(false);
});
