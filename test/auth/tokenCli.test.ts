import { spawn } from 'node:child_process';
import path from 'node:path';
import { resolveAuthConfig } from '../../gateway/auth/authConfig';
import { createCallerVerifier } from '../../gateway/auth/verifyCaller';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run token` would, in a clean environment (no JWT_* settings leak in). */
function token(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['scripts/token.ts', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const JWT_LINE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/;
const verify = createCallerVerifier(resolveAuthConfig({ mode: 'development' }));

// Each run starts a tsx process; start them all at once so the file stays fast.
let runs: Record<string, Run>;
beforeAll(async () => {
  const cases: Record<string, Promise<Run>> = {
    basic: token(['--sub', 'u-regisseur-1', '--role', 'regisseur']),
    explicit: token(['--sub', 'P-0001', '--role', 'burger', '--org', 'burger', '--name', 'Moeder Een']),
    missingRole: token(['--sub', 'u-1']),
    unknownOption: token(['--sub', 'u-1', '--role', 'regisseur', '--admin']),
    unknownRole: token(['--sub', 'u-1', '--role', 'superuser']),
    positional: token(['u-1', 'regisseur']),
    production: token(['--sub', 'u-1', '--role', 'regisseur'], { NODE_ENV: 'production' }),
  };
  const settled = await Promise.all(Object.entries(cases).map(async ([name, run]) => [name, await run] as const));
  runs = Object.fromEntries(settled);
});

test('prints exactly one JWT line, nothing else, and it verifies', async () => {
  const { code, stdout, stderr } = runs.basic;
  expect(code).toBe(0);
  expect(stderr).toBe('');
  expect(stdout).toMatch(JWT_LINE);
  await expect(verify(`Bearer ${stdout.trim()}`)).resolves.toEqual({ sub: 'u-regisseur-1', name: 'u-regisseur-1', org: 'gemeente', role: 'regisseur' });
});

test('--org and --name are used as given', async () => {
  const { code, stdout } = runs.explicit;
  expect(code).toBe(0);
  await expect(verify(`Bearer ${stdout.trim()}`)).resolves.toEqual({ sub: 'P-0001', name: 'Moeder Een', org: 'burger', role: 'burger' });
});

test.each(['missingRole', 'unknownOption', 'unknownRole', 'positional'])('bad arguments (%s): exit 2, usage on stderr, nothing on stdout', (name) => {
  const { code, stdout, stderr } = runs[name];
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toContain('Usage: npm run --silent token -- --sub <id> --role <role>');
});

test('refuses with NODE_ENV=production', () => {
  const { code, stdout, stderr } = runs.production;
  expect(code).not.toBe(0);
  expect(stdout).toBe('');
  expect(stderr).toMatch(/NODE_ENV=production/);
});
