/**
 * `npm run build [-- --out-dir DIR]`: compiles the production code (tsconfig.build.json)
 * into `dist/` (or DIR) for plain node, and builds the apps (web/dist) if stale. Schema
 * files, migrations, the policy, the registry and the supergraph are not copied: the
 * compiled code reads them from the project (platform/projectRoot.ts), which
 * `<outDir>/build-info.json` names.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BUILD_INFO_FILE, PROJECT_ROOT } from '../platform/projectRoot';
import { ensureWebBuild } from './supervisor/webBuild';

const TSC = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function compile(outDir: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSC, '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, 'skip-web': { type: 'boolean' } } });
  const outDir = path.resolve(values['out-dir'] ?? path.join(PROJECT_ROOT, 'dist'));
  // A clean folder: a module deleted from the sources must not linger in the build.
  fs.rmSync(outDir, { recursive: true, force: true });
  const code = await compile(outDir);
  if (code !== 0) {
    process.stderr.write(`build: the TypeScript compiler failed (exit ${code})\n`);
    process.exit(1);
  }
  fs.writeFileSync(path.join(outDir, BUILD_INFO_FILE), `${JSON.stringify({ projectRoot: path.relative(outDir, PROJECT_ROOT) || '.', builtAt: new Date().toISOString() }, null, 2)}\n`);
  if (!values['skip-web'] && (await ensureWebBuild())) process.stderr.write('build: built the apps (web/) into web/dist\n');
  process.stderr.write(`build: compiled into ${path.relative(process.cwd(), outDir) || outDir}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
