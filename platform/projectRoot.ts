import fs from 'node:fs';
import path from 'node:path';

/**
 * The same code runs from the project's sources (tsx, jest) and compiled (`npm run build`
 * → `dist/`, plain `node`). Code lives under CODE_ROOT; everything else it reads — schema
 * files, migrations, the policy, the registry, the supergraph, the built apps, `data/` —
 * stays in the project (PROJECT_ROOT), one copy, whichever way the code runs.
 */

/** Where the running code's tree starts: the project, or the build's output folder (this file is `<root>/platform/projectRoot`). */
export const CODE_ROOT = path.resolve(__dirname, '..');

/** True when running compiled JavaScript (no TypeScript loader). */
export const COMPILED = path.extname(__filename) === '.js';

/** Written by `npm run build` into its output folder: where the project is, relative to it. */
export const BUILD_INFO_FILE = 'build-info.json';

function projectRootOfBuild(outDir: string): string {
  const file = path.join(outDir, BUILD_INFO_FILE);
  let info: { projectRoot?: unknown };
  try {
    info = JSON.parse(fs.readFileSync(file, 'utf8')) as { projectRoot?: unknown };
  } catch {
    // A build without its info file: the usual layout, `<project>/dist`.
    return path.resolve(outDir, '..');
  }
  if (typeof info.projectRoot !== 'string') throw new Error(`${file} names no projectRoot; run npm run build again.`);
  return path.resolve(outDir, info.projectRoot);
}

/** The project's folder (package.json, schema/, policies/, web/, data/). */
export const PROJECT_ROOT = COMPILED ? projectRootOfBuild(CODE_ROOT) : CODE_ROOT;

/** The project's file or folder for a path beside the running code (`__dirname` of a compiled module → its source folder). */
export function projectPath(codeFile: string): string {
  const relative = path.relative(CODE_ROOT, codeFile);
  if (CODE_ROOT === PROJECT_ROOT || relative.startsWith('..') || path.isAbsolute(relative)) return codeFile;
  return path.join(PROJECT_ROOT, relative);
}

/** The running code's counterpart of a project module path (a hosted subgraph's folder → its compiled folder). */
export function codePath(projectFile: string): string {
  const relative = path.relative(PROJECT_ROOT, projectFile);
  if (CODE_ROOT === PROJECT_ROOT || relative.startsWith('..') || path.isAbsolute(relative)) return projectFile;
  return path.join(CODE_ROOT, relative);
}
