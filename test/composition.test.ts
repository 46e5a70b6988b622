import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CompositionError } from '../schema/CompositionError';
import { composeSupergraph, type SubgraphCheck } from '../schema/composeSupergraph';
import { registrySources } from './harness/registrySources';
import { AGENCIES } from '../seed/world';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';
const GEMEENTE = `${LINK}
  type Query { household(id: ID!): Household }
  type Household @key(fields: "id") { id: ID! address: String }`;

function compositionError(run: () => unknown): CompositionError {
  try {
    run();
  } catch (err) {
    if (err instanceof CompositionError) return err;
    throw err;
  }
  throw new Error('expected a CompositionError');
}

describe('composeSupergraph', () => {
  it('composes the six agencies, with the registry ports as default URLs', () => {
    const sdl = composeSupergraph(registrySources());
    for (const agency of AGENCIES) expect(sdl).toContain(`@join__graph(name: "${agency}"`);
    expect(sdl).toContain('url: "http://127.0.0.1:4001/graphql"');
  });

  it('names the agency whose key is broken, and the reason', () => {
    const wonen = `${LINK}\n type Household @key(fields: "householdId") { id: ID! tenancy: String }`;
    const error = compositionError(() => composeSupergraph([{ name: 'gemeente', sdl: GEMEENTE }, { name: 'wonen', sdl: wonen }]));
    expect(error.agencies).toEqual(['wonen']);
    expect(error.message).toContain('[wonen]');
    expect(error.message).toContain('householdId');
    expect(error.message).toContain('KEY_INVALID_FIELDS');
  });

  it('names both agencies of a conflict', () => {
    const wonen = `${LINK}\n type Household @key(fields: "id") { id: ID! address: Int }`;
    const error = compositionError(() => composeSupergraph([{ name: 'gemeente', sdl: GEMEENTE }, { name: 'wonen', sdl: wonen }]));
    expect(error.agencies).toEqual(expect.arrayContaining(['gemeente', 'wonen']));
    expect(error.message).toContain('Household.address');
  });

  it('runs our own checks before composing, naming the agency', () => {
    const noDescriptions: SubgraphCheck = ({ name, document }) =>
      document.definitions.some((d) => d.kind === 'ObjectTypeDefinition' && !d.description)
        ? [{ agencies: [name], code: 'DESCRIPTION_MISSING', reason: 'every type needs a description' }]
        : [];
    const error = compositionError(() => composeSupergraph([{ name: 'gemeente', sdl: GEMEENTE }], { checks: [noDescriptions] }));
    expect(error.message).toContain('[gemeente] every type needs a description (DESCRIPTION_MISSING)');
  });

  it('names the agency whose schema does not parse, with the line', () => {
    const error = compositionError(() =>
      composeSupergraph([{ name: 'gemeente', sdl: GEMEENTE }, { name: 'inkomen', sdl: 'type Benefit {\n  amount: Float\n', origin: '../subgraphs/inkomen/schema.graphql' }]),
    );
    expect(error.agencies).toEqual(['inkomen']);
    expect(error.message).toMatch(/\[inkomen\] \.\.\/subgraphs\/inkomen\/schema\.graphql does not parse at line 3, column \d+: Syntax Error/);
  });
});

describe('npm run compose', () => {
  it('writes the supergraph to SUPERGRAPH_PATH', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-compose-'));
    try {
      const target = path.join(dir, 'supergraph.graphql');
      const root = path.resolve(__dirname, '..');
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/compose.ts'], {
        cwd: root,
        env: { ...process.env, SUPERGRAPH_PATH: target },
      });
      expect(stdout).toContain('supergraph written to');
      expect(fs.readFileSync(target, 'utf8')).toContain('@join__graph(name: "gemeente"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
