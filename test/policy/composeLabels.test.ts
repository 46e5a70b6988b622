import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompositionError } from '../../schema/CompositionError';
import { composeSupergraph, type SubgraphSource } from '../../schema/composeSupergraph';
import { registrySources } from '../harness/registrySources';
import { SUBGRAPH_CHECKS } from '../../schema/subgraphChecks';
import { SUBGRAPHS } from '../harness/startSystem';
import { DOMAIN_LABELS } from '../harness/policyExpectations';

/*
 * The compose check (issue 3, "What to build" 1): every field of every subgraph carries
 * exactly one known label, or `npm run compose` fails naming the agency and the field.
 */

const ROOT = path.resolve(__dirname, '..', '..');

/** The real agency schemas with one textual change; throws if `from` is not there (so no test passes vacuously). */
function edited(agency: string, from: string, to: string, sources: SubgraphSource[] = registrySources()): SubgraphSource[] {
  return sources.map((source) => {
    if (source.name !== agency) return source;
    if (!source.sdl.includes(from)) throw new Error(`${agency}/schema.graphql no longer contains ${from}`);
    return { ...source, sdl: source.sdl.replace(from, to) };
  });
}

function compositionError(sources: SubgraphSource[]): CompositionError {
  try {
    composeSupergraph(sources, { checks: SUBGRAPH_CHECKS });
  } catch (err) {
    if (err instanceof CompositionError) return err;
    throw err;
  }
  throw new Error('expected composition to fail');
}

describe('composeSupergraph with SUBGRAPH_CHECKS on the real agency schemas', () => {
  test('control: the schemas as they are compose, and the supergraph carries every label', () => {
    const sdl = composeSupergraph(registrySources(), { checks: SUBGRAPH_CHECKS });
    for (const label of DOMAIN_LABELS.filter((l) => l !== 'audit')) expect(sdl).toContain(`@label(category: "${label}")`);
    expect(sdl).toMatch(/creditors: \[Creditor!\][^\n]*@label\(category: "financial-detail"\)/);
  });

  test.each([
    ['schuldhulp', 'DebtCase.creditors', 'creditors: [Creditor!] @label(category: "financial-detail")', 'creditors: [Creditor!]'],
    ['gemeente', 'Query.myHouseholds', 'myHouseholds: [Household!]! @label(category: "id")', 'myHouseholds: [Household!]!'],
    ['gemeente', 'CallerAccess.householdIds', 'householdIds: [ID!]! @label(category: "case")', 'householdIds: [ID!]!'],
    ['veiligthuis', 'ShelterStay.withChildren', 'withChildren: Boolean @label(category: "special-safety")', 'withChildren: Boolean'],
    ['jeugdzorg', 'YouthCareMeasure.caseworker', 'note: String @label(category: "special-health")', 'note: String @label(category: "special-health")\n  caseworker: String'],
    ['inkomen', 'Person.benefits', 'benefits: [Benefit!] @label(category: "financial-detail")', 'benefits: [Benefit!] @deprecated(reason: "x")'],
  ])('%s: %s without @label → CompositionError naming the agency and the field', (agency, field, from, to) => {
    const error = compositionError(edited(agency, from, to));
    expect(error.agencies).toEqual([agency]);
    expect(error.problems).toEqual([{ agencies: [agency], code: 'FIELD_LABEL_INVALID', reason: expect.stringContaining(`Field ${field} has no @label`) }]);
    expect(error.message).toContain(`[${agency}] Field ${field} has no @label`);
    expect(error.message).toContain('financial-detail'); // the fix lists the labels to choose from
  });

  test.each([
    ['wonen', 'Tenancy.rentArrears', 'geheim', 'rentArrears: Float @label(category: "housing")', 'rentArrears: Float @label(category: "geheim")'],
    ['wonen', 'Tenancy.rentArrears', 'Housing', 'rentArrears: Float @label(category: "housing")', 'rentArrears: Float @label(category: "Housing")'],
    ['gemeente', 'Person.name', '', 'name: String @label(category: "identity")', 'name: String @label(category: "")'],
    ['schuldhulp', 'DebtCase.totalDebt', 'financial', 'totalDebt: Float @label(category: "financial-summary")', 'totalDebt: Float @label(category: "financial")'],
  ])('%s: %s with unknown label "%s" → CompositionError naming the agency, the field and the label', (agency, field, label, from, to) => {
    const error = compositionError(edited(agency, from, to));
    expect(error.agencies).toEqual([agency]);
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(`[${agency}] Field ${field} has unknown label "${label}"`);
    expect(error.message).toContain('FIELD_LABEL_INVALID');
  });

  test.each([
    ['veiligthuis', 'Person.safetyFlag', 'safetyFlag: Boolean @label(category: "safety-flag")', 'safetyFlag: Boolean @label(category: "safety-flag") @label(category: "special-safety")'],
    ['inkomen', 'PaymentArrear.amount', 'amount: Float @label(category: "financial-summary")', 'amount: Float @label(category: "financial-summary") @label(category: "financial-summary")'],
  ])('%s: %s with two labels → CompositionError naming the agency and the field', (agency, field, from, to) => {
    const error = compositionError(edited(agency, from, to));
    expect(error.agencies).toEqual([agency]);
    expect(error.message).toContain(`[${agency}] Field ${field} has 2 @label directives; keep exactly one`);
  });

  test('problems in several agencies are all reported at once', () => {
    let sources = edited('schuldhulp', 'creditors: [Creditor!] @label(category: "financial-detail")', 'creditors: [Creditor!]');
    sources = edited('wonen', 'eviction: EvictionStatus @label(category: "housing")', 'eviction: EvictionStatus @label(category: "woning")', sources);
    const error = compositionError(sources);
    expect(error.agencies.sort()).toEqual(['schuldhulp', 'wonen']);
    expect(error.message).toContain('DebtCase.creditors has no @label');
    expect(error.message).toContain('Tenancy.eviction has unknown label "woning"');
  });
});

describe('npm run compose (scripts/compose.ts) over a copy of the project with broken labels', () => {
  let copy: string;
  beforeAll(() => {
    // compose.ts reads the registry's schema files relative to its own source, so it
    // runs from a copy of the files it uses; the real schemas are never touched.
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'household-compose-labels-'));
    const files = [
      'package.json',
      'tsconfig.json',
      'scripts/compose.ts',
      'schema/subgraphs.yaml',
      'platform/writeFileAtomically.ts',
      'platform/projectRoot.ts',
      ...fs.readdirSync(path.join(ROOT, 'schema')).filter((f) => f.endsWith('.ts')).map((f) => `schema/${f}`),
      ...fs.readdirSync(path.join(ROOT, 'policies')).filter((f) => f.endsWith('.ts') || f.endsWith('.yaml')).map((f) => `policies/${f}`),
      ...SUBGRAPHS.map((agency) => `subgraphs/${agency}/schema.graphql`),
    ];
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  function compose(target: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/compose.ts'], { cwd: copy, env: { ...process.env, SUPERGRAPH_PATH: target } }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  function breakSchema(agency: string, from: string, to: string): void {
    const file = path.join(copy, 'subgraphs', agency, 'schema.graphql');
    const sdl = fs.readFileSync(file, 'utf8');
    expect(sdl).toContain(from);
    fs.writeFileSync(file, sdl.replace(from, to));
  }

  // One run (a tsx start-up costs about half a second): a missing label and an unknown one.
  // The messages name the broken fields, which a broken copy could not produce by accident.
  test('a missing and an unknown label: exit 1, each agency and field named, no stack trace, nothing written', async () => {
    breakSchema('schuldhulp', 'creditors: [Creditor!] @label(category: "financial-detail")', 'creditors: [Creditor!]');
    breakSchema('veiligthuis', 'shelterStay: ShelterStay @label(category: "special-safety")', 'shelterStay: ShelterStay @label(category: "publiek")');
    const target = path.join(copy, 'broken.graphql');
    const result = await compose(target);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('compose: The agency schemas do not compose');
    expect(result.stderr).toContain('[schuldhulp] Field DebtCase.creditors has no @label');
    expect(result.stderr).toContain('[veiligthuis] Field Person.shelterStay has unknown label "publiek"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(target)).toBe(false);
  });
});
