import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { writeFileAtomically } from '../../platform/writeFileAtomically';
import { parseRegistry } from '../SubgraphRegistry';
import { captureState, previousStateFile, readPreviousState, writeState } from './PublishedState';
import { withRegistryLock, type RegistryLockOptions } from './RegistryLock';

/** There is no earlier state to go back to. */
export class NothingToRollBackError extends Error {
  override readonly name = 'NothingToRollBackError';
  constructor(registryFile: string) {
    super(`no earlier state is kept beside ${registryFile}; only the last publish or retire can be rolled back`);
  }
}

export interface RollbackOutcome {
  /** What was undone, e.g. `publish energie`. */
  undid: string;
  written: string[];
}

/**
 * `subgraph:rollback`: puts back the files the last publish or retire changed. The state
 * rolled back from is kept in its place, so a second rollback redoes the change.
 */
export async function rollbackChange(registryFile: string, supergraphFile: string, lock: Partial<RegistryLockOptions> = {}): Promise<RollbackOutcome> {
  return withRegistryLock(
    registryFile,
    async () => {
      const previous = readPreviousState(registryFile);
      if (!previous) throw new NothingToRollBackError(registryFile);
      // What comes back must load: a registry that parses, a supergraph the gateway accepts.
      for (const file of previous.files) {
        if (file.content === null) continue;
        if (file.path === registryFile) parseRegistry(file.content, registryFile);
        if (file.path === supergraphFile) Supergraph.build(file.content);
      }
      const current = captureState(previous.files.map((f) => f.path), `rollback of ${previous.before}`);
      writeFileAtomically(previousStateFile(registryFile), `${JSON.stringify(current, null, 2)}\n`);
      writeState(previous.files);
      return { undid: previous.before, written: previous.files.filter((f) => fs.existsSync(f.path)).map((f) => f.path) };
    },
    lock,
  );
}
