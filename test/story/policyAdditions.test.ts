import fs from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_POLICY_FILE, parsePolicy } from '../../policies/loadPolicy';

/*
 * The policy keys issue 12 adds are read as strictly as the rest: break-glass, writes,
 * the retention of data a purpose receives, and computed-field rules files.
 */

type Json = Record<string, unknown>;
const real = (): Json => parse(fs.readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Json;
const purposes = (p: Json) => p.purposes as Record<string, Json>;
const writes = (p: Json) => p.writes as Record<string, Json>;

test('the real policy: break-glass only for veiligheid (24 h), two declared writes, the signal term, the blockage rules', () => {
  const policy = parsePolicy(real());
  expect([...policy.purposes.values()].filter((p) => p.breakGlass).map((p) => [p.id, p.breakGlass])).toEqual([['veiligheid', { accessHours: 24 }]]);
  expect([...policy.writes.values()]).toEqual([
    { coordinate: 'Mutation.reviewBreakGlass', purposes: ['toezicht'], records: 'review' },
    { coordinate: 'Mutation.recordOutreach', purposes: ['vroegsignalering'], records: 'none' },
  ]);
  const signals = policy.purposes.get('vroegsignalering')!;
  expect(signals).toMatchObject({ labels: ['early-signal'], access: 'none', dataRetentionDays: 365, processingActivity: 'VA-SHV-002' });
  expect(signals.legalBasis).toMatch(/schuldhulpverlening art\. 3/);
  expect(policy.roles.get('vroegsignaleerder')?.purposes).toEqual(['vroegsignalering']);
  expect(policy.computedFields).toEqual(['blockages.yaml']);
});

test.each<[string, (p: Json) => void, RegExp]>([
  ['break-glass on a purpose without relations', (p) => (purposes(p).toezicht!.breakGlass = { accessHours: 24 }), /purposes\.toezicht\.breakGlass: only a purpose bound to active relations/],
  ['break-glass of 0 hours', (p) => (purposes(p).veiligheid!.breakGlass = { accessHours: 0 }), /breakGlass\.accessHours: must be a whole number of hours, 1 to 72/],
  ['break-glass with an unknown key', (p) => (purposes(p).veiligheid!.breakGlass = { accessHours: 24, reviewers: 2 }), /breakGlass\.reviewers: unknown key/],
  ['a write for an unknown purpose', (p) => (writes(p)['Mutation.reviewBreakGlass']!.purposes = ['toezicht', 'iedereen']), /writes\.Mutation\.reviewBreakGlass\.purposes: must list known purposes/],
  ['a write that is not a mutation', (p) => (writes(p)['Query.household'] = { purposes: ['regie'], records: 'none' }), /writes\.Query\.household: must be Mutation\.field/],
  ['a write recording something unknown', (p) => (writes(p)['Mutation.recordOutreach']!.records = 'everything'), /records: must be review or none/],
  ['a retention of 0 days', (p) => (purposes(p).vroegsignalering!.dataRetentionDays = 0), /dataRetentionDays: must be a whole number of days, at least 1/],
  ['a computed field that is no rules file', (p) => (p.computedFields = ['blockages.txt']), /computedFields: "blockages\.txt" is not a YAML rules file/],
])('%s is refused, naming where', (_name, change, message) => {
  const policy = real();
  change(policy);
  expect(() => parsePolicy(policy, 'policy.yaml')).toThrow(message);
});
