import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { loadRegistry } from '../../schema/SubgraphRegistry';
import { writeSupergraph } from '../../schema/writeSupergraph';
import { runScriptAsync, type ScriptResult } from '../audit/runScript';

export interface PublishingSandbox {
  dir: string;
  registryFile: string;
  supergraphFile: string;
  /** `npm run subgraph:<command> -- <args>` against this sandbox's registry and supergraph, in a real process. */
  run(command: string, args: string[]): Promise<ScriptResult>;
  /** Every file under the sandbox (and the supergraph) with its text: to show nothing changed. */
  snapshot(): Record<string, string>;
  /** Writes a schema file into the sandbox and returns its path. */
  schemaFile(name: string, sdl: string): string;
  close(): void;
}

export interface SandboxOptions {
  /** Use this supergraph file (a running gateway's) instead of composing one in the sandbox. */
  supergraphFile?: string;
  /** Subgraphs given a server entry (`index.ts`) beside their schema, so the registry counts them as hosted. */
  hosted?: string[];
}

/**
 * A copy of the project's registry in a temporary folder — each subgraph's schema copied
 * beside it — with a supergraph composed from it, so publishing tests change nothing of the
 * checkout. The CLI runs as a separate process with SUBGRAPH_REGISTRY and SUPERGRAPH_PATH.
 */
export async function publishingSandbox(options: SandboxOptions = {}): Promise<PublishingSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-publish-'));
  const registryFile = path.join(dir, 'subgraphs.yaml');
  const document = parseDocument(fs.readFileSync(loadRegistry().file, 'utf8'));
  for (const entry of loadRegistry().subgraphs) {
    if (entry.schema.kind !== 'file') continue;
    const folder = path.join(dir, entry.name);
    fs.mkdirSync(folder);
    fs.copyFileSync(entry.schema.file, path.join(folder, 'schema.graphql'));
    if (options.hosted?.includes(entry.name)) fs.writeFileSync(path.join(folder, 'index.ts'), '// stands for the agency\'s own server\n');
    document.setIn(['subgraphs', entry.name, 'schema', 'file'], `${entry.name}/schema.graphql`);
  }
  fs.writeFileSync(registryFile, document.toString());
  const supergraphFile = options.supergraphFile ?? path.join(dir, 'supergraph.graphql');
  if (!options.supergraphFile) await writeSupergraph(supergraphFile, loadRegistry(registryFile));

  const walk = (folder: string): string[] =>
    fs.readdirSync(folder, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(folder, d.name)) : [path.join(folder, d.name)]));
  return {
    dir,
    registryFile,
    supergraphFile,
    run: (command, args) => runScriptAsync('subgraph.ts', [command, ...args], { SUBGRAPH_REGISTRY: registryFile, SUPERGRAPH_PATH: supergraphFile }),
    snapshot: () =>
      Object.fromEntries([...new Set([...walk(dir), supergraphFile])].sort().map((file) => [path.relative(dir, file), fs.readFileSync(file, 'utf8')])),
    schemaFile: (name, sdl) => {
      const file = path.join(dir, 'proposed', name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, sdl);
      return file;
    },
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A server that answers `/health` like a running subgraph (publishing checks the routing URL). */
export async function healthServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
