import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { ENERGY_SDL } from '../harness/plainAgency';
import { healthServer, publishingSandbox, type PublishingSandbox } from '../harness/publishingSandbox';
import type { CheckReport } from '../../schema/publishing/CheckReport';

/*
 * Issue 8, items 3 and 4: `npm run subgraph:check / publish / retire / rollback`, run as
 * real processes against a copy of the registry. Every refusal names the agency, the
 * field or file and what to do, and leaves every file as it was.
 */

let sandbox: PublishingSandbox;
let health: Awaited<ReturnType<typeof healthServer>>;
beforeEach(async () => {
  sandbox = await publishingSandbox({ hosted: ['wonen'] });
});
afterEach(() => sandbox.close());
beforeAll(async () => {
  health = await healthServer();
});
afterAll(() => health.close());

const NEW_ENTRY = () => ['--url', health.url, '--owner', 'Energieleverancier', '--contact', 'privacy@energie.example'];
const wonenSdl = () => fs.readFileSync(path.join(sandbox.dir, 'wonen', 'schema.graphql'), 'utf8');
const RENT_ARREARS = /rentArrears: (\w+) @label\(category: "housing"\)/;

async function json(command: string, args: string[]): Promise<{ status: number | null; report: CheckReport & Record<string, unknown> }> {
  const result = await sandbox.run(command, [...args, '--json']);
  return { status: result.status, report: JSON.parse(result.stdout) as CheckReport & Record<string, unknown> };
}

describe('subgraph:check reports composition, labels, privacy impact and client impact', () => {
  test('a new agency: each field it adds, with its label and who may read it', async () => {
    const schema = sandbox.schemaFile('energie.graphql', ENERGY_SDL);
    const before = sandbox.snapshot();
    const result = await sandbox.run('check', ['--name', 'energie', '--schema', schema, ...NEW_ENTRY()]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // In this order: composition, labels, privacy impact, client impact.
    expect(result.stdout.indexOf('Composition')).toBeLessThan(result.stdout.indexOf('Labels'));
    expect(result.stdout.indexOf('Labels')).toBeLessThan(result.stdout.indexOf('Privacy impact'));
    expect(result.stdout.indexOf('Privacy impact')).toBeLessThan(result.stdout.indexOf('Client impact'));
    expect(result.stdout).toContain('Person.energyArrears: added, label financial-summary');
    expect(result.stdout).toContain('readable by regie (regisseur); schuldhulp (schuldhulpverlener); woonurgentie (woonconsulent)');
    expect(result.stdout).toMatch(/✓ may be published \(supergraph [0-9a-f]{64}\)/);
    expect(sandbox.snapshot()).toEqual(before); // a check writes nothing

    const { report } = await json('check', ['--name', 'energie', '--schema', schema, ...NEW_ENTRY()]);
    expect(report).toMatchObject({ subgraph: 'energie', action: 'publish', publishable: true, composition: [], labels: [], refusals: [] });
    expect(report.privacy).toEqual([
      { coordinate: 'EnergyArrears.amount', change: 'added', label: 'financial-summary', specialCategory: false, readableBy: expect.any(Array) },
      { coordinate: 'EnergyArrears.months', change: 'added', label: 'financial-summary', specialCategory: false, readableBy: expect.any(Array) },
      {
        coordinate: 'Person.energyArrears',
        change: 'added',
        label: 'financial-summary',
        specialCategory: false,
        readableBy: [
          { purpose: 'regie', roles: ['regisseur'] },
          { purpose: 'schuldhulp', roles: ['schuldhulpverlener'] },
          { purpose: 'woonurgentie', roles: ['woonconsulent'] },
        ],
      },
    ]);
    // New fields on a new type break no client.
    expect(report.client).toEqual({ breaking: [], dangerous: [] });
  });

  test('a relabelling into a special category is called out (GDPR art. 9/10) with its new readers', async () => {
    const schema = sandbox.schemaFile('wonen.graphql', wonenSdl().replace(RENT_ARREARS, 'rentArrears: $1 @label(category: "special-health")'));
    const result = await sandbox.run('check', ['--name', 'wonen', '--schema', schema]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Tenancy.rentArrears: relabelled housing → special-health  ⚠ special category (GDPR art. 9/10)');
    const { report } = await json('check', ['--name', 'wonen', '--schema', schema]);
    expect(report.privacy).toEqual([
      {
        coordinate: 'Tenancy.rentArrears',
        change: 'relabelled',
        label: 'special-health',
        previousLabel: 'housing',
        specialCategory: true,
        readableBy: [
          { purpose: 'jeugdbescherming', roles: ['jeugdbeschermer'] },
          { purpose: 'veiligheid', roles: ['veiligthuis-medewerker'] },
        ],
      },
    ]);
  });

  test('a removed field is a breaking change: refused unless --allow-breaking', async () => {
    const schema = sandbox.schemaFile('wonen.graphql', wonenSdl().replace(/\n\s*rentArrears: .*\n/, '\n'));
    const refused = await json('check', ['--name', 'wonen', '--schema', schema]);
    expect(refused.status).toBe(1);
    expect(refused.report.client.breaking).toEqual([{ type: 'FIELD_REMOVED', description: 'Tenancy.rentArrears was removed.' }]);
    expect(refused.report.privacy).toEqual([{ coordinate: 'Tenancy.rentArrears', change: 'removed', label: 'housing', specialCategory: false, readableBy: [] }]);
    expect(refused.report.refusals).toEqual([expect.objectContaining({ agency: 'wonen', code: 'BREAKING_CHANGE', message: expect.stringContaining('--allow-breaking') })]);
    const allowed = await json('check', ['--name', 'wonen', '--schema', schema, '--allow-breaking']);
    expect(allowed.status).toBe(0);
    expect(allowed.report.publishable).toBe(true);
  });

  test('a value added to an enum is a dangerous change: reported, still publishable', async () => {
    const gemeente = fs.readFileSync(path.join(sandbox.dir, 'gemeente', 'schema.graphql'), 'utf8');
    const sdl = gemeente.replace(/(enum AddressKind \{[^}]*?)\n\}/, '$1\n  "A place in a shelter (opvang)."\n  OPVANGADRES\n}');
    expect(sdl).toContain('OPVANGADRES');
    const { status, report } = await json('check', ['--name', 'gemeente', '--schema', sandbox.schemaFile('gemeente.graphql', sdl)]);
    expect(status).toBe(0);
    expect(report.client).toEqual({ breaking: [], dangerous: [{ type: 'VALUE_ADDED_TO_ENUM', description: 'OPVANGADRES was added to enum type AddressKind.' }] });
    expect(report.privacy).toEqual([]);
  });
});

/** What each bad input gets: exit code, where the message is printed and what it says. */
const BAD_INPUT: Array<[string, () => string[], number, RegExp]> = [
  [
    'unparsable SDL',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('broken.graphql', 'type Person @key(fields: "id") {\n  id: ID!\n'), ...NEW_ENTRY()],
    1,
    /\[energie\] .*broken\.graphql does not parse at line 3, column 1: Syntax Error.*fix the syntax.*\(SDL_PARSE_FAILED\)/,
  ],
  [
    'a field without a label',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL.replace('months: Int @label(category: "financial-summary")', 'months: Int')), ...NEW_ENTRY()],
    1,
    /\[energie\] Field EnergyArrears\.months has no @label; add @label\(category: "\.\.\."\) with one of: id, identity.*\(FIELD_LABEL_INVALID\)/,
  ],
  [
    'an unknown label',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL.replace('amount: Float @label(category: "financial-summary")', 'amount: Float @label(category: "energy")')), ...NEW_ENTRY()],
    1,
    /\[energie\] Field EnergyArrears\.amount has unknown label "energy"; use one of: .*\(FIELD_LABEL_INVALID\)/,
  ],
  [
    'two labels on one field',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL.replace('amount: Float @label(category: "financial-summary")', 'amount: Float @label(category: "financial-summary") @label(category: "housing")')), ...NEW_ENTRY()],
    1,
    /EnergyArrears\.amount has 2 @label directives; keep exactly one/,
  ],
  [
    'labels that do not reach the supergraph (no @composeDirective)',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL.replace('@composeDirective(name: "@label")', '')), ...NEW_ENTRY()],
    1,
    /\[energie\] EnergyArrears\.amount reaches the supergraph without a label; the schema must @link the label spec and declare @composeDirective\(name: "@label"\).*\(LABEL_NOT_COMPOSED\)/,
  ],
  [
    'a name clash with an existing subgraph (another owner)',
    () => ['publish', '--name', 'wonen', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL), ...NEW_ENTRY()],
    1,
    /\[wonen\] the name "wonen" is registered to Woningcorporatie \(contact functioneel-beheer@woningcorporatie\.example\); publish under another --name, or ask them\. \(OWNER_MISMATCH\)/,
  ],
  [
    'a type conflict with another agency',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL.replace('id: ID! @label(category: "id")', 'id: ID! @label(category: "id")\n  name: Int @label(category: "identity")')), ...NEW_ENTRY()],
    1,
    /Person\.name.*(gemeente|energie).*give the field the same type as the other subgraphs that define it.*\(FIELD_TYPE_MISMATCH\)/,
  ],
  [
    'an unreachable routing URL',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL), '--url', 'http://127.0.0.1:9/graphql', '--owner', 'E', '--contact', 'e@e.example'],
    1,
    /\[energie\] http:\/\/127\.0\.0\.1:9\/health did not answer .*; start the subgraph at --url \(it must answer \/health\) or correct the URL\. \(ROUTING_URL_UNREACHABLE\)/,
  ],
  [
    'a new subgraph without owner and contact',
    () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL), '--url', health.url],
    1,
    /a new subgraph needs --owner, --contact; add them and publish again\. \(ENTRY_INCOMPLETE\)/,
  ],
  ['retiring the subgraph that answers need-to-know', () => ['retire', '--name', 'gemeente'], 1, /\[gemeente\] gemeente answers need-to-know \(policy\.yaml needToKnow\).*\(NEED_TO_KNOW_SOURCE\)/],
  ['retiring a subgraph that is not registered', () => ['retire', '--name', 'energie'], 1, /no subgraph "energie" is registered; the registry lists gemeente, schuldhulp/],
  ['no --name', () => ['publish', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL)], 2, /--name is required/],
  ['a name that is no subgraph name', () => ['publish', '--name', 'Energie Leverancier', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL)], 2, /--name "Energie Leverancier" is not a subgraph name/],
  ['a schema file that does not exist', () => ['publish', '--name', 'energie', '--schema', '/nonexistent/e.graphql'], 2, /--schema \/nonexistent\/e\.graphql cannot be read \(ENOENT\)/],
  ['a URL that is no URL', () => ['publish', '--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL), '--url', 'energie:4010'], 2, /--url must be an http\(s\) URL/],
  ['an unknown option', () => ['publish', '--name', 'energie', '--force'], 2, /Unknown option '--force'/],
  ['an option of another command', () => ['retire', '--name', 'wonen', '--schema', 'x.graphql'], 2, /--schema is not an option of subgraph:retire/],
  ['an unknown command', () => ['deploy', '--name', 'energie'], 2, /unknown command "deploy"; use check, publish, retire, rollback/],
  ['a rollback with nothing to roll back', () => ['rollback'], 1, /no earlier state is kept beside .*subgraphs\.yaml; only the last publish or retire can be rolled back; nothing was written/],
];

describe('bad input: one clear message, exit 1 (refused) or 2 (bad arguments), nothing written', () => {
  test.each(BAD_INPUT)('%s', async (_name, args, status, message) => {
    const argv = args();
    const before = sandbox.snapshot();
    // Given to publish (which runs the check's report first), so refusing means writing nothing.
    const result = await sandbox.run(argv[0]!, argv.slice(1));
    expect({ status: result.status, out: `${result.stdout}${result.stderr}` }).toEqual({ status, out: expect.stringMatching(message) });
    if (status === 2) expect(result.stderr).toContain('Usage:');
    if (argv[0] === 'publish' && status === 1 && result.stdout !== '') expect(result.stdout).toContain('nothing written');
    // The proposed schema files are the test's own; nothing else may change.
    const after = sandbox.snapshot();
    for (const key of Object.keys(after)) if (key.startsWith('proposed/')) delete after[key];
    for (const key of Object.keys(before)) if (key.startsWith('proposed/')) delete before[key];
    expect(after).toEqual(before);
  });

  test('a registry edited by hand into nonsense: named, nothing written', async () => {
    fs.writeFileSync(sandbox.registryFile, 'subgraphs:\n  wonen: [this, is, not, an, entry]\n');
    const before = sandbox.snapshot();
    const result = await sandbox.run('publish', ['--name', 'energie', '--schema', sandbox.schemaFile('e.graphql', ENERGY_SDL), ...NEW_ENTRY()]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`subgraph:publish: ${sandbox.registryFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: subgraphs\\.wonen: expected \\{ routing_url, schema, owner, contact \\}\\.; nothing was written`));
    const after = sandbox.snapshot();
    delete after['proposed/e.graphql'];
    expect(after).toEqual(before);
  });
});

describe('subgraph:publish, retire and rollback', () => {
  test('publish writes the schema, the entry and the supergraph; rollback restores them exactly; a second rollback redoes', async () => {
    const original = sandbox.snapshot();
    const schema = sandbox.schemaFile('energie.graphql', ENERGY_SDL);
    const published = await sandbox.run('publish', ['--name', 'energie', '--schema', schema, ...NEW_ENTRY()]);
    expect(published.stderr).toBe('');
    expect(published.status).toBe(0);
    expect(published.stdout).toMatch(/published energie:\n {2}wrote .*published\/energie\.[0-9a-f]{12}\.graphql\n {2}wrote .*subgraphs\.yaml\n {2}wrote .*supergraph\.graphql/);

    const registry = parseYaml(fs.readFileSync(sandbox.registryFile, 'utf8')) as { subgraphs: Record<string, Record<string, unknown>> };
    expect(registry.subgraphs.energie).toEqual({
      routing_url: health.url,
      schema: { file: expect.stringMatching(/^published\/energie\.[0-9a-f]{12}\.graphql$/) },
      owner: 'Energieleverancier',
      contact: 'privacy@energie.example',
    });
    expect(fs.readFileSync(path.join(sandbox.dir, (registry.subgraphs.energie!.schema as { file: string }).file), 'utf8')).toBe(ENERGY_SDL);
    // The registry's comments and other entries are kept as written.
    expect(fs.readFileSync(sandbox.registryFile, 'utf8')).toContain('# The subgraph registry');
    const supergraph = fs.readFileSync(sandbox.supergraphFile, 'utf8');
    expect(supergraph).toContain(`@join__graph(name: "energie", url: "${health.url}")`);
    expect(supergraph).toMatch(/energyArrears: EnergyArrears @join__field\(graph: ENERGIE\) @label\(category: "financial-summary"\)/);

    const rolledBack = await sandbox.run('rollback', []);
    expect(rolledBack.status).toBe(0);
    expect(rolledBack.stdout).toContain('rolled back: publish energie');
    const afterRollback = sandbox.snapshot();
    for (const key of Object.keys(afterRollback)) if (/^(proposed|published)\/|previous\.json$/.test(key)) delete afterRollback[key];
    expect(afterRollback).toEqual(original);

    const redone = await sandbox.run('rollback', ['--json']);
    expect(JSON.parse(redone.stdout)).toMatchObject({ rolledBack: 'rollback of publish energie' });
    expect(fs.readFileSync(sandbox.supergraphFile, 'utf8')).toBe(supergraph);
  });

  test('a hosted agency keeps its schema file (its server builds from it); other entries are untouched', async () => {
    const hostedFile = path.join(sandbox.dir, 'wonen', 'schema.graphql');
    const sdl = wonenSdl().replace(RENT_ARREARS, 'rentArrears: $1 @label(category: "financial-detail")');
    const result = await sandbox.run('publish', ['--name', 'wonen', '--schema', sandbox.schemaFile('wonen.graphql', sdl)]);
    expect(result.status).toBe(0);
    expect(fs.readFileSync(hostedFile, 'utf8')).toBe(sdl);
    const registry = parseYaml(fs.readFileSync(sandbox.registryFile, 'utf8')) as { subgraphs: Record<string, { schema: { file: string }; owner: string }> };
    expect(registry.subgraphs.wonen).toMatchObject({ schema: { file: 'wonen/schema.graphql' }, owner: 'Woningcorporatie' });
    expect(fs.existsSync(path.join(sandbox.dir, 'published'))).toBe(false);
  });

  test('retire removes the entry and its fields (a breaking change, so --allow-breaking)', async () => {
    const refused = await sandbox.run('retire', ['--name', 'wonen']);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('(BREAKING_CHANGE)');
    const retired = await json('retire', ['--name', 'wonen', '--allow-breaking']);
    expect(retired.status).toBe(0);
    expect(retired.report).toMatchObject({ action: 'retire', retired: true });
    expect(retired.report.privacy.every((impact) => impact.change === 'removed')).toBe(true);
    expect(retired.report.privacy.map((impact) => impact.coordinate)).toContain('Tenancy.rentArrears');
    expect(Object.keys((parseYaml(fs.readFileSync(sandbox.registryFile, 'utf8')) as { subgraphs: object }).subgraphs)).not.toContain('wonen');
    expect(fs.readFileSync(sandbox.supergraphFile, 'utf8')).not.toContain('name: "wonen"');
  });

  test('two publishes at once: serialised by the lock, both land, neither is lost', async () => {
    const second = ENERGY_SDL.replace(/energyArrears: EnergyArrears/, 'waterArrears: WaterArrears').replace(/type EnergyArrears/, 'type WaterArrears').replace(/Energy bills/, 'Water bills');
    const [a, b] = await Promise.all([
      sandbox.run('publish', ['--name', 'energie', '--schema', sandbox.schemaFile('energie.graphql', ENERGY_SDL), ...NEW_ENTRY()]),
      sandbox.run('publish', ['--name', 'water', '--schema', sandbox.schemaFile('water.graphql', second), '--url', health.url, '--owner', 'Waterbedrijf', '--contact', 'privacy@water.example']),
    ]);
    expect([a.status, b.status, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const supergraph = fs.readFileSync(sandbox.supergraphFile, 'utf8');
    expect(supergraph).toContain('energyArrears: EnergyArrears');
    expect(supergraph).toContain('waterArrears: WaterArrears');
    expect(Object.keys((parseYaml(fs.readFileSync(sandbox.registryFile, 'utf8')) as { subgraphs: object }).subgraphs)).toEqual(expect.arrayContaining(['energie', 'water']));
    expect(fs.existsSync(`${sandbox.registryFile}.lock`)).toBe(false);
  });

  test('while another live publish holds the lock, a publish waits, then fails clearly and writes nothing', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(`${sandbox.registryFile}.lock`, JSON.stringify({ pid: holder.pid, since: '2026-12-01T08:00:00.000Z' }));
      const before = sandbox.snapshot();
      const result = await sandbox.run('publish', ['--name', 'energie', '--schema', sandbox.schemaFile('energie.graphql', ENERGY_SDL), ...NEW_ENTRY(), '--wait', '0.5']);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`another publish \\(pid ${holder.pid}, since 2026-12-01T08:00:00\\.000Z\\) holds .*subgraphs\\.yaml\\.lock; wait until it has finished and try again, or delete the file if that process no longer runs; nothing was written`));
      const after = sandbox.snapshot();
      delete after['proposed/energie.graphql'];
      expect(after).toEqual(before);
    } finally {
      holder.kill();
    }
  });

  test('a lock left by a publish that died is taken over', async () => {
    fs.writeFileSync(`${sandbox.registryFile}.lock`, JSON.stringify({ pid: 2 ** 22 + 17, since: '2026-12-01T08:00:00.000Z' }));
    const result = await sandbox.run('publish', ['--name', 'energie', '--schema', sandbox.schemaFile('energie.graphql', ENERGY_SDL), ...NEW_ENTRY(), '--wait', '0']);
    expect(result.status).toBe(0);
    expect(fs.existsSync(`${sandbox.registryFile}.lock`)).toBe(false);
  });
});
