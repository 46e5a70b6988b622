import { auditFile } from '../../audit/auditFile';
import { DEMO, headersFor, type TestCaller } from '../harness/callers';
import { askTraced, readTrail, recordFor } from '../harness/auditTrail';
import { expectRefused, valueAt } from '../harness/policyExpectations';
import { startSystem, type RunningSystem } from '../harness/startSystem';

/*
 * Issue 12, item 5: break-glass for acute safety. Veilig Thuis (purpose veiligheid) may open
 * a household it has no relation with, with a justification in X-Break-Glass; the access
 * lasts 24 hours (on an injected clock); every record of it has outcome BREAK_GLASS with the
 * justification; the privacy officer sees it at once and records a verdict, the one write.
 */

const HOUSEHOLDS = 6;
/** A Veilig Thuis professional with no relation to H-0001 (the generated pool starts at 2). */
const stranger: TestCaller = { sub: 'u-vt-9', role: 'veiligthuis-medewerker', purpose: 'veiligheid' };
const JUSTIFICATION = 'Acute melding: politie ter plaatse, kinderen mogelijk in gevaar';
const VIEW = `query($id: ID!) { household(id: $id) { id address { city } members { id name safetyFlag } } }`;

let now = Date.parse('2026-12-01T10:00:00Z');
let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem({ households: HOUSEHOLDS, gateway: { clock: () => now } });
});
afterAll(() => system.close());

const file = () => auditFile(system.dataDir);
const glass = (justification: string): Record<string, string> => ({ 'x-break-glass': encodeURIComponent(justification) });

describe('without a relation', () => {
  test('without the header: FORBIDDEN, as for anyone', async () => {
    const answer = await system.query(VIEW, { variables: { id: 'H-0001' }, headers: await headersFor(stranger) });
    expectRefused(answer, { code: 'FORBIDDEN', status: 403 });
  });

  test('a justification shorter than 20 characters: BAD_USER_INPUT, no data, nothing granted', async () => {
    const answer = await system.query(VIEW, { variables: { id: 'H-0001' }, headers: { ...(await headersFor(stranger)), ...glass('Spoed, geen tijd') } });
    const error = expectRefused(answer, { code: 'BAD_USER_INPUT', status: 400 });
    expect(error.message).toMatch(/20 to 500 characters/);
    const after = await system.query(VIEW, { variables: { id: 'H-0001' }, headers: await headersFor(stranger) });
    expectRefused(after, { code: 'FORBIDDEN', status: 403 });
  });

  test('a justification longer than 500 characters: BAD_USER_INPUT (free text is bounded)', async () => {
    const answer = await system.query(VIEW, { variables: { id: 'H-0001' }, headers: { ...(await headersFor(stranger)), ...glass('x'.repeat(501)) } });
    expectRefused(answer, { code: 'BAD_USER_INPUT', status: 400 });
  });

  test.each([
    ['regie', DEMO.otherRegisseur],
    ['jeugdbescherming', { sub: 'u-jeugd-9', role: 'jeugdbeschermer', purpose: 'jeugdbescherming' }],
    ['toezicht', DEMO.privacy],
  ])('any other purpose (%s) sending the header: BREAK_GLASS_NOT_PERMITTED, no data', async (_purpose, caller) => {
    const answer = await system.query(VIEW, { variables: { id: 'H-0001' }, headers: { ...(await headersFor(caller)), ...glass(JUSTIFICATION) } });
    const error = expectRefused(answer, { code: 'BREAK_GLASS_NOT_PERMITTED', status: 403 });
    expect(error.message).toMatch(/may not use emergency access/);
  });
});

describe('breaking the glass', () => {
  let recordSeq: number;

  test('veiligheid with a justification opens H-0001; the record has outcome BREAK_GLASS and the justification', async () => {
    const answer = await askTraced(system.gatewayUrl, stranger, VIEW, { variables: { id: 'H-0001' }, headers: glass(JUSTIFICATION) });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(valueAt(answer, 'household.members.0.name')).toBe('Samira de Vries');
    const record = recordFor(file(), answer.traceId);
    expect(record.outcome).toBe('BREAK_GLASS');
    expect(JSON.parse(record.raw).break_glass_justification).toBe(JUSTIFICATION);
    expect(record.subjects.households).toEqual(['H-0001']);
    recordSeq = record.seq;
  });

  test('for 24 hours the same professional reads it without the header; each record is BREAK_GLASS with the justification', async () => {
    now += 23 * 3_600_000;
    const answer = await askTraced(system.gatewayUrl, stranger, VIEW, { variables: { id: 'H-0001' } });
    expect(answer.status).toBe(200);
    expect(valueAt(answer, 'household.id')).toBe('H-0001');
    const record = recordFor(file(), answer.traceId);
    expect(record.outcome).toBe('BREAK_GLASS');
    expect(JSON.parse(record.raw).break_glass_justification).toBe(JUSTIFICATION);
  });

  test('it opens only what was opened: another household stays FORBIDDEN, and so does another professional', async () => {
    const other = await system.query(VIEW, { variables: { id: 'H-0003' }, headers: await headersFor(stranger) });
    expectRefused(other, { code: 'FORBIDDEN', status: 403, secrets: [] });
    const colleague = await system.query(VIEW, { variables: { id: 'H-0001' }, headers: await headersFor({ ...stranger, sub: 'u-vt-8' }) });
    expectRefused(colleague, { code: 'FORBIDDEN', status: 403 });
  });

  test('after 24 hours the access has ended: FORBIDDEN again', async () => {
    now += 1 * 3_600_000 + 1;
    const answer = await system.query(VIEW, { variables: { id: 'H-0001' }, headers: await headersFor(stranger) });
    expectRefused(answer, { code: 'FORBIDDEN', status: 403 });
  });

  test('the privacy officer sees it at once in unusualAccess, with the justification, not yet reviewed', async () => {
    const answer = await askTraced(system.gatewayUrl, DEMO.privacy, '{ unusualAccess { kind actor { sub } recordSeq justification explanation review { verdict } } }');
    expect(answer.body.errors).toBeUndefined();
    const found = (valueAt(answer, 'unusualAccess') as Array<{ kind: string; recordSeq: number; actor: { sub: string }; justification: string; review: unknown }>).filter(
      (f) => f.kind === 'BREAK_GLASS',
    );
    expect(found.map((f) => f.recordSeq)).toContain(recordSeq);
    const first = found.find((f) => f.recordSeq === recordSeq)!;
    expect(first).toMatchObject({ actor: { sub: 'u-vt-9' }, justification: JUSTIFICATION, review: null });
  });

  test('the citizen sees it in plain words on her own page', async () => {
    const answer = await system.query('{ myAccessLog { org role purpose breakGlass } }', { headers: await headersFor(DEMO.burger) });
    expect(answer.body.errors).toBeUndefined();
    const accesses = valueAt(answer, 'myAccessLog') as Array<{ org: string; purpose: string; breakGlass: boolean }>;
    expect(accesses.filter((a) => a.breakGlass)).toEqual(expect.arrayContaining([{ org: 'veiligthuis', role: 'veiligthuis-medewerker', purpose: 'veiligheid', breakGlass: true }]));
    expect(accesses.filter((a) => !a.breakGlass).length).toBeGreaterThanOrEqual(0);
  });

  describe('the review', () => {
    const REVIEW = `mutation Review($seq: Int!, $verdict: ReviewVerdict!, $note: String!) { reviewBreakGlass(recordSeq: $seq, verdict: $verdict, note: $note) { recordSeq verdict note } }`;

    test.each([
      ['the coordinator', DEMO.regisseur],
      ['Veilig Thuis itself', stranger],
      ['the citizen', DEMO.burger],
    ])('%s may not write it: FORBIDDEN, nothing recorded as a review', async (_who, caller) => {
      const before = readTrail(file()).filter((r) => JSON.parse(r.raw).review !== null).length;
      const answer = await system.query(REVIEW, { variables: { seq: recordSeq, verdict: 'JUSTIFIED', note: 'ok' }, headers: await headersFor(caller) });
      expect(answer.status).toBe(403);
      expect(answer.body.data ?? null).toBeNull();
      expect(['FORBIDDEN', 'PURPOSE_NOT_PERMITTED']).toContain(answer.body.errors?.[0]?.extensions?.code);
      expect(readTrail(file()).filter((r) => JSON.parse(r.raw).review !== null).length).toBe(before);
    });

    test('a record that is no break-glass access cannot be reviewed: BAD_USER_INPUT, no review recorded', async () => {
      const answer = await askTraced(system.gatewayUrl, DEMO.privacy, REVIEW, { variables: { seq: 1, verdict: 'JUSTIFIED', note: 'gecontroleerd' } });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.parse(recordFor(file(), answer.traceId).raw).review).toBeNull();
    });

    test('no other mutation is served: only the declared write', async () => {
      const answer = await system.query('mutation { __typename }', { headers: await headersFor(DEMO.privacy) });
      expect(answer.status).toBe(403);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    test('the privacy officer records a verdict with a note: an append-only audit record, shown on the finding', async () => {
      const note = 'Politie bevestigt acuut gevaar; toegang terecht.';
      const answer = await askTraced(system.gatewayUrl, DEMO.privacy, REVIEW, { variables: { seq: recordSeq, verdict: 'JUSTIFIED', note } });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(valueAt(answer, 'reviewBreakGlass')).toEqual({ recordSeq, verdict: 'JUSTIFIED', note });
      const record = recordFor(file(), answer.traceId);
      expect(JSON.parse(JSON.parse(record.raw).review)).toEqual({ recordSeq, verdict: 'JUSTIFIED', note });
      expect(record.actor?.sub).toBe('u-privacy-1');

      const findings = await system.query('{ unusualAccess { kind recordSeq review { verdict note reviewer } } }', { headers: await headersFor(DEMO.privacy) });
      const finding = (valueAt(findings, 'unusualAccess') as Array<{ kind: string; recordSeq: number; review: unknown }>).find((f) => f.kind === 'BREAK_GLASS' && f.recordSeq === recordSeq);
      expect(finding?.review).toEqual({ verdict: 'JUSTIFIED', note, reviewer: 'u-privacy-1' });

      const chain = await system.query('{ auditChain { verified } }', { headers: await headersFor(DEMO.privacy) });
      expect(valueAt(chain, 'auditChain.verified')).toBe(true);
    });
  });
});

test('the citizen is told that the glass was broken, never the justification (it may speak of others)', async () => {
  const answer = await system.query('{ myAccessLog { org purpose breakGlass } }', { headers: await headersFor(DEMO.burger) });
  expect(answer.body.errors).toBeUndefined();
  expect(JSON.stringify(answer.body)).toContain('"breakGlass":true');
  expect(JSON.stringify(answer.body)).not.toContain('politie ter plaatse');
});
