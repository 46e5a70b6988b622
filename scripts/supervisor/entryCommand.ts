import path from 'node:path';
import { CODE_ROOT, COMPILED } from '../../platform/projectRoot';

/**
 * The node arguments that run one of our entry files (`gateway/main.ts`, relative to the
 * project). From the sources: `--import tsx <file>.ts`. Compiled (`npm run start:prod`):
 * the built `<outDir>/<file>.js` under plain node, no TypeScript loader in the child
 * (tsx costs each process about 100 MB).
 */
export function entryCommand(script: string, compiled = COMPILED): string[] {
  if (!compiled) return ['--import', 'tsx', script];
  return [path.join(CODE_ROOT, script.replace(/\.ts$/, '.js'))];
}
