/**
 * npm run subgraph:check | subgraph:publish | subgraph:retire | subgraph:rollback
 *
 * How an agency changes its part of the graph (docs/publishing-a-subgraph.md): check a
 * proposed schema against the registry (composition, labels, privacy impact, client
 * impact), publish it (registry entry + supergraph, atomically; a running gateway picks
 * it up within seconds), retire a subgraph, or undo the last change.
 *
 * Exit codes: 0 may be / was published; 1 refused; 2 bad arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadPolicy } from '../policies/loadPolicy';
import { checkSubgraphChange } from '../schema/publishing/checkSubgraphChange';
import { formatCheckReport } from '../schema/publishing/formatCheckReport';
import { parsePublishingArgs, USAGE, UsageError, type PublishingArgs } from '../schema/publishing/parsePublishingArgs';
import { publishChange } from '../schema/publishing/publishChange';
import { rollbackChange } from '../schema/publishing/rollbackChange';
import { loadRegistry, registryFile } from '../schema/SubgraphRegistry';
import { SUPERGRAPH_FILE } from '../schema/supergraphFile';

const supergraphFile = process.env.SUPERGRAPH_PATH ? path.resolve(process.env.SUPERGRAPH_PATH) : SUPERGRAPH_FILE;
const policyFile = process.env.POLICY_FILE ? path.resolve(process.env.POLICY_FILE) : undefined;
const relative = (file: string) => path.relative(process.cwd(), file) || file;

function print(args: PublishingArgs, json: unknown, text: string): void {
  process.stdout.write(args.json ? `${JSON.stringify(json, null, 2)}\n` : text);
}

async function run(args: PublishingArgs): Promise<number> {
  const registry = registryFile();
  if (args.command === 'rollback') {
    const outcome = await rollbackChange(registry, supergraphFile, { waitMs: args.waitMs });
    print(args, { rolledBack: outcome.undid, written: outcome.written }, `rolled back: ${outcome.undid}\n${outcome.written.map((f) => `  wrote ${relative(f)}\n`).join('')}`);
    return 0;
  }
  const change = args.change!;
  const policy = loadPolicy(policyFile);
  if (args.command === 'check') {
    const currentSupergraph = fs.existsSync(supergraphFile) ? fs.readFileSync(supergraphFile, 'utf8') : null;
    const { report } = await checkSubgraphChange({ registry: loadRegistry(registry), change, policy, currentSupergraph });
    print(args, report, formatCheckReport(report));
    return report.publishable ? 0 : 1;
  }
  const { report, written } = await publishChange(change, { registryFile: registry, supergraphFile, policy, lock: { waitMs: args.waitMs } });
  const done = written.length > 0;
  const verb = change.kind === 'retire' ? 'retired' : 'published';
  print(
    args,
    { ...report, [verb]: done, written },
    `${formatCheckReport(report)}${done ? `\n${verb} ${change.name}:\n${written.map((f) => `  wrote ${relative(f)}\n`).join('')}` : `\nnothing written\n`}`,
  );
  return done ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  let args: PublishingArgs;
  try {
    args = parsePublishingArgs(argv[0], argv.slice(1));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`subgraph: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(args);
  } catch (err) {
    // A RegistryError, PolicyError or lock error names the file and what to do; nothing was written.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(args.json ? `${JSON.stringify({ error: message })}\n` : `subgraph:${args.command}: ${message}; nothing was written\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
