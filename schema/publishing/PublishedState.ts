import fs from 'node:fs';
import { writeFileAtomically } from '../../platform/writeFileAtomically';

/** One file as it was before a publish: its text, or null when it did not exist. */
export interface FileState {
  path: string;
  content: string | null;
}

/** What `subgraph:rollback` restores: the files one publish or retire changed, as they were before it. */
export interface PublishedState {
  at: string;
  /** What the state was taken before, e.g. `publish energie`. */
  before: string;
  files: FileState[];
}

/** Where the state before the last change is kept, beside the registry. */
export function previousStateFile(registryFile: string): string {
  return `${registryFile}.previous.json`;
}

export function captureState(paths: string[], before: string): PublishedState {
  return {
    at: new Date().toISOString(),
    before,
    files: paths.map((file) => ({ path: file, content: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null })),
  };
}

export function readPreviousState(registryFile: string): PublishedState | null {
  const file = previousStateFile(registryFile);
  if (!fs.existsSync(file)) return null;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as PublishedState;
  if (!Array.isArray(parsed.files) || typeof parsed.before !== 'string') throw new Error(`${file} is not a previous state; delete it`);
  return parsed;
}

/**
 * Writes every file of a state, each atomically (temp file + rename), in the order given:
 * schema files, then the registry, then the supergraph, so a gateway watching the
 * supergraph only ever sees one whose inputs are already in place.
 */
export function writeState(files: FileState[]): void {
  for (const { path: file, content } of files) {
    if (content === null) fs.rmSync(file, { force: true });
    else writeFileAtomically(file, content);
  }
}
