import fs from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_POLICY_FILE, parsePolicy } from '../../policies/loadPolicy';
import { PolicyError } from '../../policies/PolicyError';

/*
 * The policy file is read strictly: a mistake stops the gateway, naming where, never
 * silently grants or withholds. Table over each kind of mistake in the keys that declare
 * data subjects and need-to-know (issue 9), over the real file with one thing changed.
 */

type Json = Record<string, unknown>;
const real = (): Json => parse(fs.readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Json;

function refusal(change: (policy: Json) => void): PolicyError {
  const policy = real();
  change(policy);
  try {
    parsePolicy(policy, 'policy.yaml');
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error('expected the policy to be refused');
}

const subjects = (p: Json) => p.dataSubjects as Record<string, Json>;
const purposes = (p: Json) => p.purposes as Record<string, Json>;

test('the real policy loads, with its data subjects and need-to-know source', () => {
  const policy = parsePolicy(real());
  expect([...policy.dataSubjects.keys()]).toEqual(['Household', 'Person', 'EarlySignal']);
  expect(policy.dataSubjects.get('Household')).toMatchObject({ openedBy: ['Query.household'], members: 'members' });
  expect(policy.dataSubjects.get('Person')!.idPattern.test('P-0001')).toBe(true);
  expect(policy.dataSubjects.get('Person')!.idPattern.test('P-0001 ')).toBe(false);
  expect(policy.needToKnow).toEqual({ subgraph: 'gemeente', route: '/caller-access', versionRoute: '/data-version' });
  expect(policy.purposes.get('inzage')).toMatchObject({ access: 'self', selfSubject: 'Person', schemaIntrospection: false });
  expect(policy.purposes.get('regie')).toMatchObject({ schemaIntrospection: true });
  expect(policy.specialCategories).toEqual(['special-safety', 'special-health']);
});

test.each<[string, (p: Json) => void, RegExp]>([
  ['no dataSubjects', (p) => delete p.dataSubjects, /dataSubjects/],
  ['an idPattern that is not anchored', (p) => (subjects(p).Person!.idPattern = 'P-[0-9]+'), /dataSubjects\.Person\.idPattern.*anchored/],
  ['an idPattern that is no regular expression', (p) => (subjects(p).Person!.idPattern = '^P-[0-9+$'), /dataSubjects\.Person\.idPattern.*not a valid/],
  ['an openedBy entry that is not Type.field', (p) => (subjects(p).Person!.openedBy = ['person']), /dataSubjects\.Person\.openedBy/],
  ['an unknown key under a subject', (p) => (subjects(p).Person!.pattern = '^x$'), /dataSubjects\.Person\.pattern.*unknown key/],
  ['a subject type that is no GraphQL name', (p) => (subjects(p)['house hold'] = { idPattern: '^x$' }), /dataSubjects\.house hold/],
  ['no needToKnow', (p) => delete p.needToKnow, /needToKnow/],
  ['a needToKnow route that is no path', (p) => ((p.needToKnow as Json).route = 'caller-access'), /needToKnow\.route/],
  ['a needToKnow versionRoute that is no path', (p) => ((p.needToKnow as Json).versionRoute = 'http://elsewhere/version'), /needToKnow\.versionRoute.*must be a path/],
  ['a subjectArguments entry without an argument', (p) => (p.subjectArguments = ['Query.accessLog']), /subjectArguments/],
  ['access: self without selfSubject', (p) => delete purposes(p).inzage!.selfSubject, /purposes\.inzage\.selfSubject.*required/],
  ['a selfSubject that is no data subject', (p) => (purposes(p).inzage!.selfSubject = 'Burger'), /purposes\.inzage\.selfSubject/],
  ['schemaIntrospection that is no boolean', (p) => (purposes(p).inzage!.schemaIntrospection = 'no'), /purposes\.inzage\.schemaIntrospection/],
  ['an unknown top-level key', (p) => (p.subjects = {}), /subjects.*unknown key/],
  ['a special category that is no label', (p) => (p.specialCategories = ['special-safety', 'health']), /specialCategories: unknown label "health"/],
  ['special categories that are no list', (p) => (p.specialCategories = 'special-safety'), /specialCategories: expected a list/],
])('%s → PolicyError naming where', (_name, change, where) => {
  const error = refusal(change);
  expect(`${error.message}`).toMatch(where);
  expect(error.message).toContain('policy.yaml');
});
