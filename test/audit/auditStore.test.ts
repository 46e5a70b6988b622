import { GENESIS_HASH, canonicalJson, canonicalRecord, linkedRecordHash, recordHash, unlinkedCanonicalRecord } from '../../audit/canonicalRecord';
import { AuditRecordError } from '../../audit/AuditRecordError';
import { AuditQueryError } from '../../audit/AuditQueryError';
import type { AuditRecordInput } from '../../audit/AuditRecord';
import type { AuditStore } from '../../audit/AuditStore';
import { REGIE, REGISSEUR, SCHULD, SCHULDHULP, sampleInput, subjectsOf } from './auditFixtures';
import { STORES, type TestStore } from './storesUnderTest';

describe('canonical serialization (RFC 8785 style)', () => {
  test.each([
    ['sorted keys, no whitespace', { b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    ['nested objects sorted too', { z: { y: 1, x: 2 } }, '{"z":{"x":2,"y":1}}'],
    ['numbers as ECMAScript writes them', { n: 1e21, m: 0.1, k: -0, i: 12 }, '{"i":12,"k":0,"m":0.1,"n":1e+21}'],
    ['strings escaped as JSON.stringify', { s: 'a"b\\c\n€' }, '{"s":"a\\"b\\\\c\\n€"}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  test.each([
    ['a plain record', sampleInput({}, 1)],
    ['no actor, no purpose, no subjects', sampleInput({ actor: null, purpose: null, subjects: [], outcome: 'UNAUTHENTICATED', errorCodes: ['UNAUTHENTICATED'] }, 2)],
    ['strings that look like the slots', sampleInput({ gatewayInstance: 'gw "seq":0 "prevHash":"" x', operationName: 'seq' }, 3)],
  ])('a record serialized before its link hashes as the linked record does (%s)', (_name, input) => {
    const unlinked = { ...input, kind: 'access' as const, format: 2 as const, seq: 0, prevHash: '', hash: '' };
    const linked = { ...unlinked, seq: 41, prevHash: 'a'.repeat(64) };
    expect(linkedRecordHash(unlinkedCanonicalRecord(unlinked), 41, 'a'.repeat(64))).toBe(recordHash(linked));
  });

  test.each([
    ['a non-finite number', { n: Number.POSITIVE_INFINITY }],
    ['a lone surrogate', { s: '\ud800' }],
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(/Cannot canonicalize/);
  });
});

// The same suite against every store (SQLite; PostgreSQL when TEST_DATABASE_URL is set).
describe.each(STORES)('$kind store', (stores) => {
  const openStore = (name?: string, options?: Parameters<typeof stores.open>[1]) => stores.open(name, options);

  afterEach(async () => {
    await stores.cleanup();
  });

  describe('append and chain', () => {
    test('records get seq 1..n, chain from the genesis hash, and verify', async () => {
      const store = await openStore();
      const first = await store.append(sampleInput({}, 1));
      const second = await store.append(sampleInput({ outcome: 'OK', errorCodes: [] }, 2));
      expect(first).toMatchObject({ seq: 1, kind: 'access', prevHash: GENESIS_HASH });
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
      expect(first.hash).toBe(recordHash(first));
      expect(canonicalRecord(first)).toContain('"seq":1');
      expect(await store.verifyChain()).toEqual({
        verified: true,
        records: 2,
        firstBrokenSeq: null,
        reason: null,
        firstSeq: 1,
        lastSeq: 2,
        lastHash: second.hash,
      });
    });

    test('an empty log verifies', async () => {
      expect(await (await openStore()).verifyChain()).toMatchObject({ verified: true, records: 0, firstBrokenSeq: null });
    });

    test('normalizes what is hashed: UTC time, sorted and de-duplicated lists', async () => {
      const store = await openStore();
      const record = await store.append(
        sampleInput({
          at: '2026-11-25T10:30:00+01:00',
          subjects: subjectsOf({ households: ['H-0002', 'H-0001', 'H-0002'], persons: ['P-0003', 'P-0001'] }),
          errorCodes: ['FORBIDDEN_FIELD', 'AGENCY_UNAVAILABLE', 'FORBIDDEN_FIELD'],
        }),
      );
      expect(record.at).toBe('2026-11-25T09:30:00.000Z');
      expect(record.subjects).toEqual(subjectsOf({ households: ['H-0001', 'H-0002'], persons: ['P-0001', 'P-0003'] }));
      expect(record.errorCodes).toEqual(['AGENCY_UNAVAILABLE', 'FORBIDDEN_FIELD']);
    });

    test('a record for every outcome, with and without actor and purpose', async () => {
      const store = await openStore();
      const cases: Array<Partial<AuditRecordInput>> = [
        { outcome: 'OK', errorCodes: [] },
        { outcome: 'PARTIAL' },
        { outcome: 'FORBIDDEN', errorCodes: ['FORBIDDEN'], fieldsReturned: [], subjects: subjectsOf({ households: ['H-0009'], persons: [] }) },
        { outcome: 'UNAUTHENTICATED', errorCodes: ['UNAUTHENTICATED'], actor: null, purpose: null, fieldsReturned: [], subjects: subjectsOf({ households: [], persons: [] }) },
        { outcome: 'ERROR', errorCodes: ['INTERNAL_SERVER_ERROR'], operationName: null, documentHash: null, policyVersion: null },
      ];
      for (const [index, overrides] of cases.entries()) {
        const record = await store.append(sampleInput(overrides, index + 1));
        expect(record).toMatchObject(overrides);
      }
      expect(await store.verifyChain()).toMatchObject({ verified: true, records: cases.length });
    });

    test.each<[string, Partial<AuditRecordInput>, string]>([
      ['a time without zone', { at: '2026-11-25T09:30:00' }, 'at'],
      ['a date that does not exist', { at: '2026-02-30T09:30:00Z' }, 'at'],
      ['a malformed trace id', { traceId: 'not-a-trace' }, 'traceId'],
      ['an all-zero span id', { spanId: '0'.repeat(16) }, 'spanId'],
      ['an unknown outcome', { outcome: 'MAYBE' as AuditRecordInput['outcome'] }, 'outcome'],
      ['a field not in Type.field form', { fieldsReturned: [{ field: 'address', label: 'address' }] }, 'fieldsReturned[0].field'],
      ['an empty subject id', { subjects: subjectsOf({ households: [''], persons: [] }) }, 'subjects[0].id'],
      ['free text as a subject id', { subjects: subjectsOf({ persons: ['Kerkstraat 12, Utrecht'] }) }, 'subjects[0].id'],
      ['a subject type that is no GraphQL name', { subjects: [{ type: 'house hold', id: 'H-0001', labels: [] }] }, 'subjects[0].type'],
      ['a label that is no label name', { subjects: [{ type: 'Person', id: 'P-0001', labels: ['Noah de Vries'] }] }, 'subjects[0].labels[0]'],
      ['a negative malformed-id count', { malformedIds: -1 }, 'malformedIds'],
      ['an operation name with spaces', { operationName: 'Kerkstraat 12' }, 'operationName'],
      ['an operation name over 64 characters', { operationName: 'A'.repeat(65) }, 'operationName'],
      ['a negative duration', { durationMs: -1 }, 'durationMs'],
    ])('refuses %s with AuditRecordError naming the field', async (_name, overrides, field) => {
      const store = await openStore();
      const attempt = store.append(sampleInput(overrides));
      await expect(attempt).rejects.toBeInstanceOf(AuditRecordError);
      await expect(attempt).rejects.toMatchObject({ field, code: 'AUDIT_RECORD_INVALID' });
      expect(store.stats().appended).toBe(0);
    });
  });

  describe('group commit', () => {
    test('concurrent appends share commits; every promise settles after its commit with its own seq', async () => {
      const store = await openStore();
      const n = 400;
      const records = await Promise.all(Array.from({ length: n }, (_, i) => store.append(sampleInput({}, i + 1))));
      expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      records.forEach((record, index) => expect(record.traceId).toBe(sampleInput({}, index + 1).traceId));
      const stats = store.stats();
      expect(stats.appended).toBe(n);
      expect(stats.flushes).toBeLessThan(n / 10);
      expect(await store.verifyChain()).toMatchObject({ verified: true, records: n });
    });

    test('sequential appends each get their own commit (nothing waits for company)', async () => {
      const store = await openStore();
      for (let i = 1; i <= 5; i += 1) await store.append(sampleInput({}, i));
      expect(store.stats()).toMatchObject({ appended: 5, flushes: 5, largestBatch: 1 });
    });

    test('flushDelayMs lets records that arrive a little apart share a commit', async () => {
      const store = await openStore('audit', { flushDelayMs: 50 });
      const first = store.append(sampleInput({}, 1));
      await new Promise((resolve) => setTimeout(resolve, 10));
      const second = store.append(sampleInput({}, 2));
      await expect(Promise.all([first, second])).resolves.toMatchObject([{ seq: 1 }, { seq: 2 }]);
      expect(store.stats()).toMatchObject({ appended: 2, flushes: 1, largestBatch: 2 });
    });

    test('maxBatch splits a burst into several commits, in order', async () => {
      const store = await openStore('audit', { maxBatch: 7 });
      const records = await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(sampleInput({}, i + 1))));
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(store.stats()).toMatchObject({ flushes: 5, largestBatch: 7 });
    });

    test('close commits what is queued', async () => {
      const store = await openStore();
      const pending = Array.from({ length: 10 }, (_, i) => store.append(sampleInput({}, i + 1)));
      await store.close();
      await expect(Promise.all(pending)).resolves.toHaveLength(10);
      const reopened = await openStore();
      expect(await reopened.verifyChain()).toMatchObject({ verified: true, records: 10 });
    });
  });

  describe('accessLog', () => {
    let store: TestStore;
    beforeEach(async () => {
      store = await openStore();
      // 30 records: alternating actors, H-0001 every third, one refusal, spread over a day.
      for (let i = 1; i <= 30; i += 1) {
        await store.append(
          sampleInput(
            {
              at: new Date(Date.UTC(2026, 10, 25, 0, i * 30)).toISOString(),
              actor: i % 2 === 0 ? { ...SCHULD } : { ...REGISSEUR },
              purpose: i % 2 === 0 ? { ...SCHULDHULP } : { ...REGIE },
              subjects: i % 3 === 0 ? subjectsOf({ households: ['H-0001'], persons: ['P-0001'] }) : subjectsOf({ households: [`H-${String(100 + i).padStart(4, '0')}`], persons: [] }),
              outcome: i === 7 ? 'FORBIDDEN' : 'OK',
            },
            i,
          ),
        );
      }
    });

    test('pages newest first with opaque cursors until hasNextPage is false', async () => {
      const seen: number[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = await store.accessLog({}, 7, after);
        pages += 1;
        seen.push(...page.edges.map((e) => e.node.seq));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(5);
      expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    });

    test.each<[string, Parameters<AuditStore['accessLog']>[0], number[]]>([
      ['subjectId (household)', { subjectId: 'H-0001' }, [30, 27, 24, 21, 18, 15, 12, 9, 6, 3]],
      ['subjectId (person)', { subjectId: 'P-0001' }, [30, 27, 24, 21, 18, 15, 12, 9, 6, 3]],
      ['actorSub', { actorSub: 'u-schuld-1', subjectId: 'H-0001' }, [30, 24, 18, 12, 6]],
      ['org', { org: 'gemeente', subjectId: 'H-0001' }, [27, 21, 15, 9, 3]],
      ['purpose', { purpose: 'regie', subjectId: 'H-0001' }, [27, 21, 15, 9, 3]],
      ['outcome', { outcome: 'FORBIDDEN' }, [7]],
      ['from (inclusive) and to (exclusive)', { from: new Date('2026-11-25T02:00:00Z'), to: new Date('2026-11-25T03:30:00Z') }, [6, 5, 4]],
      ['nothing matches', { actorSub: 'u-nobody' }, []],
    ])('filters on %s', async (_name, filter, seqs) => {
      const page = await store.accessLog(filter, 100, null);
      expect(page.edges.map((e) => e.node.seq)).toEqual(seqs);
    });

    test('first above the maximum is capped silently', async () => {
      const capped = await openStore('capped', { maxPageSize: 5 });
      for (let i = 1; i <= 8; i += 1) await capped.append(sampleInput({}, i));
      const page = await capped.accessLog({}, 1000, null);
      expect(page.edges).toHaveLength(5);
      expect(page.pageInfo.hasNextPage).toBe(true);
    });

    test.each<[string, () => Promise<unknown>, string]>([
      ['a cursor from elsewhere', () => store.accessLog({}, 5, 'bm9wZQ'), 'after'],
      ['a negative first', () => store.accessLog({}, -1, null), 'first'],
      ['to before from', () => store.accessLog({ from: new Date('2026-11-26'), to: new Date('2026-11-25') }, 5, null), 'filter.to'],
      ['an invalid date', () => store.accessLog({ from: new Date('nope') }, 5, null), 'filter.from'],
    ])('refuses %s with AuditQueryError', async (_name, run, argument) => {
      await expect(run()).rejects.toMatchObject({ name: 'AuditQueryError', argument });
      await expect(run()).rejects.toBeInstanceOf(AuditQueryError);
    });
  });

  describe('accessesToSubject (the citizen view)', () => {
    test('lists disclosures of the person with org, role, purpose and the labels about them, never a professional id', async () => {
      const store = await openStore();
      const view = [
        { type: 'Household', id: 'H-0001', labels: ['address'] },
        { type: 'Person', id: 'P-0001', labels: ['address', 'identity'] },
        { type: 'Person', id: 'P-0002', labels: ['address'] },
      ];
      await store.append(sampleInput({ at: '2026-11-25T09:00:00Z', outcome: 'OK', subjects: view }, 1));
      await store.append(
        sampleInput({ at: '2026-11-25T10:00:00Z', actor: { ...SCHULD }, purpose: { ...SCHULDHULP }, fieldsReturned: [{ field: 'DebtCase.totalDebt', label: 'financial-summary' }], subjects: subjectsOf({ persons: ['P-0001'] }, ['financial-summary']) }, 2),
      );
      await store.append(sampleInput({ at: '2026-11-25T11:00:00Z', outcome: 'FORBIDDEN', fieldsReturned: [] }, 3)); // refused: nothing disclosed
      await store.append(sampleInput({ at: '2026-11-25T12:00:00Z', subjects: subjectsOf({ households: ['H-0002'], persons: ['P-0004'] }) }, 4)); // someone else
      await store.append(
        sampleInput({ at: '2026-11-25T13:00:00Z', actor: { sub: 'P-0001', org: 'burger', role: 'burger' }, purpose: { id: 'inzage', processingActivity: 'VA-PRI-002', legalBasis: 'AVG art. 15' } }, 5),
      ); // the citizen's own look

      const accesses = await store.accessesToSubject('P-0001');
      expect(accesses).toEqual([
        { at: '2026-11-25T10:00:00.000Z', org: 'schuldhulp', role: 'schuldhulpverlener', purpose: 'schuldhulp', processingActivity: 'VA-SHV-001', legalBasis: 'Wgs art. 5', labels: ['financial-summary'], breakGlass: false },
        { at: '2026-11-25T09:00:00.000Z', org: 'gemeente', role: 'regisseur', purpose: 'regie', processingActivity: 'VA-GEM-001', legalBasis: REGIE.legalBasis, labels: ['address', 'identity'], breakGlass: false },
      ]);
      expect(JSON.stringify(accesses)).not.toMatch(/u-regisseur-1|u-schuld-1/);
      expect(await store.accessesToSubject('P-0004')).toHaveLength(1);
      expect(await store.accessesToSubject('P-0404')).toEqual([]);
    });

    test('each subject sees only the labels returned about them: a child never sees the mother\'s', async () => {
      const store = await openStore();
      await store.append(
        sampleInput({
          outcome: 'OK',
          subjects: [
            { type: 'Person', id: 'P-0001', labels: ['identity', 'special-safety'] },
            { type: 'Person', id: 'P-0002', labels: ['identity'] },
          ],
        }),
      );
      expect((await store.accessesToSubject('P-0001'))[0]?.labels).toEqual(['identity', 'special-safety']);
      expect((await store.accessesToSubject('P-0002'))[0]?.labels).toEqual(['identity']);
    });
  });

  describe('unusualAccess', () => {
    const FROM = new Date('2026-11-01T00:00:00Z');
    const TO = new Date('2026-12-01T00:00:00Z');
    const inputs = (list: Array<Partial<AuditRecordInput>>) => list.map((overrides, i) => sampleInput({ outcome: 'OK', errorCodes: [], ...overrides }, i + 1));

    test.each<[string, Array<Partial<AuditRecordInput>>, Array<Record<string, unknown>>]>([
      ['nothing unusual on a Wednesday morning', [{ at: '2026-11-25T08:00:00Z' }, { at: '2026-11-25T09:00:00Z' }], []],
      [
        'refused attempts, with the counts',
        [
          { at: '2026-11-25T09:00:00Z', outcome: 'FORBIDDEN', actor: { ...SCHULD } },
          { at: '2026-11-25T09:05:00Z', outcome: 'FORBIDDEN', actor: { ...SCHULD } },
          { at: '2026-11-25T09:10:00Z', actor: { ...SCHULD } },
        ],
        [{ kind: 'REFUSED_ATTEMPTS', actor: SCHULD, counts: { requests: 3, forbidden: 2, unauthenticated: 0, threshold: 1 }, firstAt: '2026-11-25T09:00:00.000Z', lastAt: '2026-11-25T09:05:00.000Z' }],
      ],
      [
        'unauthenticated attempts are listed without an actor',
        [{ at: '2026-11-25T09:00:00Z', outcome: 'UNAUTHENTICATED', actor: null, purpose: null }],
        [{ kind: 'REFUSED_ATTEMPTS', actor: null, counts: { requests: 1, forbidden: 0, unauthenticated: 1, threshold: 1 } }],
      ],
      [
        // 07:00 Amsterdam in winter is 06:00 UTC; 18:59 is 17:59 UTC; 19:00 is 18:00 UTC.
        'office hours in Europe/Amsterdam: 06:59 local and 19:00 local are outside, 07:00 and 18:59 inside',
        [{ at: '2026-11-25T05:59:00Z' }, { at: '2026-11-25T06:00:00Z' }, { at: '2026-11-25T17:59:00Z' }, { at: '2026-11-25T18:00:00Z' }],
        [{ kind: 'OUTSIDE_OFFICE_HOURS', actor: REGISSEUR, counts: { requests: 4, outsideOfficeHours: 2, nonWorkingDay: 0, threshold: 1 }, firstAt: '2026-11-25T05:59:00.000Z', lastAt: '2026-11-25T18:00:00.000Z' }],
      ],
      [
        'a Saturday counts as outside office hours and as a non-working day',
        [{ at: '2026-11-28T10:00:00Z' }],
        [{ kind: 'OUTSIDE_OFFICE_HOURS', counts: { requests: 1, outsideOfficeHours: 1, nonWorkingDay: 1, threshold: 1 } }],
      ],
    ])('%s', async (_name, list, expected) => {
      const store = await openStore();
      for (const input of inputs(list)) await store.append(input);
      const findings = await store.unusualAccess(FROM, TO);
      expect(findings).toHaveLength(expected.length);
      expected.forEach((finding, index) => expect(findings[index]).toMatchObject(finding));
      for (const finding of findings) expect(finding.explanation).toMatch(/\d/);
    });

    test('many distinct households within the window, and not when spread out', async () => {
      const store = await openStore();
      // 20 households in 38 minutes by one actor (inside office hours), 20 households over 10 hours by another.
      for (let i = 0; i < 20; i += 1) {
        await store.append(sampleInput({ outcome: 'OK', at: new Date(Date.UTC(2026, 10, 25, 9, i * 2)).toISOString(), subjects: subjectsOf({ households: [`H-${1000 + i}`], persons: [] }) }, i + 1));
        await store.append(
          sampleInput({ outcome: 'OK', actor: { ...SCHULD }, at: new Date(Date.UTC(2026, 10, 25, 7, i * 30)).toISOString(), subjects: subjectsOf({ households: [`H-${2000 + i}`], persons: [] }) }, 100 + i),
        );
      }
      const findings = await store.unusualAccess(FROM, TO, { distinctHouseholds: 20, windowMinutes: 60 });
      expect(findings).toEqual([
        expect.objectContaining({
          kind: 'MANY_HOUSEHOLDS',
          actor: REGISSEUR,
          counts: { requests: 20, distinctHouseholds: 20, windowMinutes: 60, threshold: 20 },
          firstAt: '2026-11-25T09:00:00.000Z',
          lastAt: '2026-11-25T09:38:00.000Z',
        }),
      ]);
    });

    test('only records in [from, to) count', async () => {
      const store = await openStore();
      await store.append(sampleInput({ at: '2026-11-28T10:00:00Z', outcome: 'OK' }));
      expect(await store.unusualAccess(new Date('2026-11-29T00:00:00Z'), TO)).toEqual([]);
      await expect(store.unusualAccess(TO, FROM)).rejects.toBeInstanceOf(AuditQueryError);
    });
  });
});
