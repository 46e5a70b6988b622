import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Policy } from '../../policies/Policy';
import { loadRegistry, parseRegistry } from '../SubgraphRegistry';
import type { CheckReport } from './CheckReport';
import { checkSubgraphChange } from './checkSubgraphChange';
import { editRegistryText, type RegistryEntryText } from './editRegistryText';
import { captureState, previousStateFile, writeState, type FileState } from './PublishedState';
import { withRegistryLock, type RegistryLockOptions } from './RegistryLock';
import type { SubgraphChange } from './SubgraphChange';
import { writeFileAtomically } from '../../platform/writeFileAtomically';

export interface PublishTarget {
  registryFile: string;
  supergraphFile: string;
  policy: Policy;
  lock?: Partial<RegistryLockOptions>;
}

export interface PublishOutcome {
  report: CheckReport;
  /** The files written, in order; empty when the check refused the change. */
  written: string[];
}

/**
 * Where a published schema lives. A subgraph this repository hosts keeps its own
 * `schema.graphql` (its server builds from it); any other gets a copy named by its content
 * under `published/` beside the registry, so writing it never changes what the registry in
 * force points at.
 */
function schemaFileFor(registryFile: string, name: string, sdl: string, hostedSchemaFile: string | undefined): string {
  if (hostedSchemaFile) return hostedSchemaFile;
  const digest = crypto.createHash('sha256').update(sdl).digest('hex').slice(0, 12);
  return path.join(path.dirname(registryFile), 'published', `${name}.${digest}.graphql`);
}

/**
 * `subgraph:publish` / `subgraph:retire`: under the registry lock, checks the change
 * against the registry as it is now and, when publishable, writes the schema, the
 * registry entry and the composed supergraph — each atomically, the state before kept for
 * `subgraph:rollback`. Nothing is written when the check refuses.
 */
export async function publishChange(change: SubgraphChange, target: PublishTarget): Promise<PublishOutcome> {
  return withRegistryLock(
    target.registryFile,
    async () => {
      const registry = loadRegistry(target.registryFile);
      const currentSupergraph = fs.existsSync(target.supergraphFile) ? fs.readFileSync(target.supergraphFile, 'utf8') : null;
      const { report, supergraphSdl } = await checkSubgraphChange({ registry, change, policy: target.policy, currentSupergraph });
      if (!report.publishable || supergraphSdl === null) return { report, written: [] };

      const registryText = fs.readFileSync(target.registryFile, 'utf8');
      const existing = registry.subgraphs.find((s) => s.name === change.name);
      const files: FileState[] = [];
      let nextRegistry: string;
      if (change.kind === 'retire') {
        nextRegistry = editRegistryText(registryText, change.name, null);
      } else {
        const hosted = existing?.localDir && existing.schema.kind === 'file' ? existing.schema.file : undefined;
        const schemaFile = schemaFileFor(target.registryFile, change.name, change.sdl, hosted);
        files.push({ path: schemaFile, content: change.sdl });
        const entry: RegistryEntryText = {
          routing_url: change.routingUrl ?? existing!.routingUrl,
          schema: { file: path.relative(path.dirname(target.registryFile), schemaFile) },
          owner: change.owner ?? existing!.owner,
          contact: change.contact ?? existing!.contact,
        };
        nextRegistry = editRegistryText(registryText, change.name, entry);
      }
      // The registry must read back as valid before anything is written.
      parseRegistry(nextRegistry, target.registryFile);
      files.push({ path: target.registryFile, content: nextRegistry }, { path: target.supergraphFile, content: supergraphSdl });

      const previous = captureState(files.map((f) => f.path), `${change.kind} ${change.name}`);
      fs.mkdirSync(path.dirname(files[0]!.path), { recursive: true });
      writeFileAtomically(previousStateFile(target.registryFile), `${JSON.stringify(previous, null, 2)}\n`);
      writeState(files);
      return { report, written: files.map((f) => f.path) };
    },
    target.lock,
  );
}
