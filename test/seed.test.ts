import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seedAll } from '../seed/seedAll';
import { AGENCIES } from '../seed/world';

const ROOT = path.join(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Every row of every table, in a stable order: two seeds are equal iff their dumps are. */
function dump(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    return tables.map(({ name }) => JSON.stringify([name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()])).join('\n');
  } finally {
    db.close();
  }
}

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hv-seed-${label}-`));

describe('seed', () => {
  test('same households and seed give the same data in every agency; another seed differs', () => {
    const [a, b, c] = [tmp('a'), tmp('b'), tmp('c')];
    seedAll({ dataDir: a, households: 150, seed: 3 });
    seedAll({ dataDir: b, households: 150, seed: 3 });
    seedAll({ dataDir: c, households: 150, seed: 4 });
    for (const agency of AGENCIES) {
      expect(dump(path.join(a, `${agency}.sqlite`))).toBe(dump(path.join(b, `${agency}.sqlite`)));
    }
    expect(dump(path.join(a, 'gemeente.sqlite'))).not.toBe(dump(path.join(c, 'gemeente.sqlite')));
  });

  test('the demo household H-0001 is the story of docs/domain.md whatever the seed', () => {
    const dir = tmp('demo');
    const { world } = seedAll({ dataDir: dir, households: 20, seed: 99 });
    const demo = world.households[0]!;
    expect(demo.id).toBe('H-0001');
    expect(demo.members.map((m) => m.id)).toEqual(['P-0001', 'P-0002', 'P-0003']);
    const gemeente = new Database(path.join(dir, 'gemeente.sqlite'), { readonly: true });
    const subs = gemeente
      .prepare(`SELECT DISTINCT professional_sub AS sub FROM registrations r JOIN persons p ON p.id = r.person_id WHERE p.household_id = 'H-0001' ORDER BY 1`)
      .all()
      .map((r) => (r as { sub: string }).sub);
    expect(subs).toEqual(['u-inkomen-1', 'u-jeugd-1', 'u-regisseur-1', 'u-schuld-1', 'u-vt-1', 'u-wonen-1']);
    const coordinated = gemeente.prepare(`SELECT COUNT(*) AS n FROM coordination_cases WHERE coordinator_sub = 'u-regisseur-2'`).get() as { n: number };
    expect(coordinated.n).toBeGreaterThan(0);
    const notTheirs = gemeente.prepare(`SELECT COUNT(*) AS n FROM coordination_cases WHERE coordinator_sub = 'u-regisseur-2' AND household_id = 'H-0001'`).get() as { n: number };
    expect(notTheirs.n).toBe(0);
    gemeente.close();
  });

  test('generated households are plausible: 1–6 members, 0–6 agencies, youth care only with children', () => {
    const { world } = seedAll({ dataDir: tmp('plausible'), households: 400, seed: 1 });
    const sizes = new Set(world.households.map((h) => h.members.length));
    expect([...sizes].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const household of world.households) {
      expect(household.involvements.length).toBeLessThanOrEqual(6);
      if (household.involvements.some((i) => i.agency === 'jeugdzorg')) {
        expect(household.members.some((m) => m.householdRole === 'kind')).toBe(true);
      }
    }
    expect(world.households.some((h) => h.involvements.length === 0)).toBe(true);
  });

  test('npm run seed writes the agencies in parallel threads, the same data as seedAll in one thread', () => {
    const [inProcess, threads] = [tmp('one'), tmp('threads')];
    seedAll({ dataDir: inProcess, households: 120, seed: 5 });
    const output = execFileSync(TSX, [path.join(ROOT, 'scripts/seed.ts'), '--data-dir', threads, '--households', '120', '--seed', '5', '--threads', '2'], { cwd: ROOT, encoding: 'utf8' });
    expect(output).toMatch(/^seeded 120 households \(seed 5\)/);
    for (const agency of AGENCIES) {
      expect(dump(path.join(threads, `${agency}.sqlite`))).toBe(dump(path.join(inProcess, `${agency}.sqlite`)));
    }
    expect(fs.readdirSync(threads).filter((f) => f.includes('seeding'))).toEqual([]);
  });

  test('a seeding thread that fails stops the seed with its reason and a non-zero exit', () => {
    const file = path.join(tmp('file'), 'not-a-directory');
    fs.writeFileSync(file, 'x');
    const result = spawnSync(TSX, [path.join(ROOT, 'scripts/seed.ts'), '--data-dir', file, '--households', '10', '--threads', '2'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^seed: Seeding failed: [a-z]+: .*(EEXIST|ENOTDIR)/);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  test.each([['--households', 'lots'], ['--households', '0'], ['--seed', '-1'], ['--threads', '0'], ['--threads', 'many'], ['--bogus', '1']])(
    'a bad argument (%s %s) prints usage, exits non-zero and leaves existing data untouched',
    (flag, value) => {
      const dir = tmp('bad');
      execFileSync(TSX, [path.join(ROOT, 'scripts/seed.ts'), '--data-dir', dir, '--households', '10'], { cwd: ROOT });
      const before = dump(path.join(dir, 'gemeente.sqlite'));
      const result = spawnSync(TSX, [path.join(ROOT, 'scripts/seed.ts'), '--data-dir', dir, flag, value], { cwd: ROOT, encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/usage: npm run seed/);
      expect(dump(path.join(dir, 'gemeente.sqlite'))).toBe(before);
      expect(fs.readdirSync(dir).filter((f) => f.includes('seeding'))).toEqual([]);
    },
  );
});
