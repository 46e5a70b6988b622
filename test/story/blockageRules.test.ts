import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { compileChainRules } from '../../gateway/policy/compileChainRules';
import { loadChainRules, parseChainRules } from '../../policies/loadChainRules';
import { PolicyError } from '../../policies/PolicyError';
import { readLabelMap } from '../../schema/readLabelMap';
import { startSystem } from '../harness/startSystem';

/*
 * policies/blockages.yaml is loaded strictly (issue 12, item 2): an unknown agency, field or
 * reason code stops start-up with a message naming the file and the rule.
 */

const RULES_FILE = path.join(__dirname, '..', '..', 'policies', 'blockages.yaml');
const SUPERGRAPH = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
const labels = readLabelMap(SUPERGRAPH);

type Raw = {
  field: Record<string, string>;
  decisions: Record<string, Record<string, string>>;
  rules: Array<{ id: string; steps: Array<Record<string, string>>; breakers: Array<Record<string, string>>; [key: string]: unknown }>;
  [key: string]: unknown;
};
const original = (): Raw => parse(fs.readFileSync(RULES_FILE, 'utf8')) as Raw;

/** The error compiling an edited copy of the rules gives, as `file: where: why`. */
function compileError(edit: (raw: Raw) => void): PolicyError {
  const raw = original();
  edit(raw);
  try {
    compileChainRules(parseChainRules(raw, 'blockages-copy.yaml'), SUPERGRAPH, (c) => labels.get(c));
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error('the edited rules were accepted');
}

test('the rules in force compile against the committed supergraph', () => {
  const field = compileChainRules(loadChainRules(RULES_FILE), SUPERGRAPH, (c) => labels.get(c));
  expect(field.coordinate).toBe('Household.blockages');
  expect(field.rules.rules.map((r) => r.id)).toEqual(['schuld-en-woning', 'opvang-en-pleegzorg', 'gezin-uit-elkaar']);
});

test.each<[string, (raw: Raw) => void, RegExp]>([
  ['an unknown agency', (raw) => (raw.decisions['schuldhulp-afgewezen']!.agency = 'belastingdienst'), /decisions\.schuldhulp-afgewezen\.agency: unknown agency "belastingdienst"/],
  ['an agency that does not serve the decision', (raw) => (raw.decisions['uithuisplaatsing']!.agency = 'gemeente'), /decisions\.uithuisplaatsing\.agency: Person\.youthCare is served by jeugdzorg, not by "gemeente"/],
  ['an unknown field on the way', (raw) => (raw.decisions['schuldhulp-afgewezen']!.at = 'members.debtFile'), /decisions\.schuldhulp-afgewezen\.at: Person has no field "debtFile"/],
  ['a reason field that is no enum', (raw) => (raw.decisions['schuldhulp-afgewezen']!.reason = 'refusalReason'), /DebtCase\.refusalReason must be a field whose type is an enum/],
  ['an unknown date field', (raw) => (raw.decisions['woonurgentie-afgewezen']!.date = 'decided'), /UrgencyApplication has no scalar field "decided"/],
  ['an unknown reason code', (raw) => (raw.rules[0]!.steps[1]!.reason = 'HUURSCHULD'), /rules\[0\] \(schuld-en-woning\)\.steps\[1\]\.reason: unknown reason code "HUURSCHULD"/],
  ['an unknown breaker', (raw) => (raw.rules[1]!.breakers[0]!.agency = 'politie'), /rules\[1\] \(opvang-en-pleegzorg\)\.breakers\[0\]\.agency: unknown agency "politie"/],
  ['a label the schema does not give the field', (raw) => (raw.field.label = 'case'), /field\.label: Household\.blockages is labelled "blockage"/],
  ['an unknown host type', (raw) => (raw.field.on = 'Huishouden'), /field\.on: "Huishouden" is not an object type/],
])('%s stops compilation, naming the file and the rule', (_name, edit, message) => {
  const error = compileError(edit);
  expect(error.message).toMatch(/^blockages-copy\.yaml: /);
  expect(error.message).toMatch(message);
});

test.each<[string, (raw: Raw) => void, RegExp]>([
  ['an unknown decision in a step', (raw) => (raw.rules[0]!.steps[0]!.decision = 'schuldhulp-geweigerd'), /rules\[0\] \(schuld-en-woning\)\.steps\[0\]\.decision: unknown decision "schuldhulp-geweigerd"/],
  ['a rule within one agency', (raw) => (raw.rules[0]!.steps = [{ decision: 'schuldhulp-afgewezen', reason: 'GEEN_VAST_WOONADRES' }, { decision: 'schuldhulp-afgewezen', reason: 'FRAUDESCHULD' }]), /at least two agencies/],
  ['a rule without explanation', (raw) => delete raw.rules[0]!.explanation, /rules\[0\] \(schuld-en-woning\)\.explanation: must be a non-empty text/],
  ['a rule without breakers', (raw) => (raw.rules[0]!.breakers = []), /name at least one agency that could break the chain/],
  ['an unknown key', (raw) => (raw.rules[0]!.score = 3), /rules\[0\] \(schuld-en-woning\)\.score: unknown key/],
  ['a duplicate rule id', (raw) => (raw.rules[1]!.id = 'schuld-en-woning'), /the id "schuld-en-woning" is used twice/],
  ['no version', (raw) => delete raw.version, /version: must be a non-empty text/],
])('%s is refused when the file is read', (_name, edit, message) => {
  const raw = original();
  edit(raw);
  expect(() => parseChainRules(raw, 'blockages-copy.yaml')).toThrow(message);
});

test('the gateway does not start on rules naming an unknown reason code; the message names the file and the rule', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blockage-rules-'));
  try {
    const raw = original();
    raw.rules[0]!.steps[0]!.reason = 'GEEN_ADRES';
    const file = path.join(dir, 'blockages.yaml');
    fs.writeFileSync(file, stringify(raw));
    await expect(startSystem({ households: 2, gateway: { computedFieldRules: [file] } })).rejects.toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: rules\\[0\\] \\(schuld-en-woning\\)\\.steps\\[0\\]\\.reason: unknown reason code "GEEN_ADRES"`),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
