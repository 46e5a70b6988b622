/**
 * `npm start`: the whole system on one machine. Seeds the agency databases if any is
 * missing, composes the supergraph if it is missing or older than the registry or a
 * schema, builds the apps (web/) if their build is missing or older than their sources,
 * starts every subgraph the registry hosts here and the gateway as separate processes,
 * and prints one `<name> <url>` line per component on stdout once each answers, the
 * apps last (everything else goes to stderr).
 * Ctrl-C / SIGTERM stops them all and exits 0. A component dying during start-up stops
 * the rest (exit 1); once everything runs, a component that dies is restarted with
 * back-off (the gateway meanwhile answers AGENCY_UNAVAILABLE for that agency's part).
 * Each child exits by itself when this process is gone, even after SIGKILL
 * (platform/exitWithParent). Compiled (`npm run start:prod`), the children run compiled too.
 * Environment: see scripts/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { databaseFile } from '../subgraphs/kit/databaseFile';
import { hostedSubgraphs, loadRegistry } from '../schema/SubgraphRegistry';
import { seededSubgraphs } from '../seed/seedAll';
import { subgraphUrlVariable } from '../gateway/config';
import { supergraphIsStale } from '../schema/supergraphFile';
import { writeSupergraph } from '../schema/writeSupergraph';
import { stderrLogger } from '../platform/logger';
import { PROJECT_ROOT } from '../platform/projectRoot';
import { ProcessGroup, type ManagedChild } from './supervisor/ProcessGroup';
import { RestartBackoff } from './supervisor/RestartBackoff';
import { systemLayout } from './supervisor/systemLayout';
import { waitForHttp } from './supervisor/waitForHttp';
import { buildWeb, webBuildIsStale } from './supervisor/webBuild';

const ROOT = PROJECT_ROOT;
const log = stderrLogger('start');
const NAME_WIDTH = 12;

function note(message: string): void {
  process.stderr.write(`start: ${message}\n`);
}

async function main(): Promise<void> {
  const registry = loadRegistry();
  const layout = systemLayout(ROOT, registry);
  let exiting = false;
  let running = false;
  let stopped: Promise<void> | undefined;
  const backoff = new RestartBackoff(layout.restartBackoff);
  const group = new ProcessGroup((child, code, signal) => {
    if (!running) {
      note(`${child.name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the rest`);
      void shutdown(1);
      return;
    }
    const { delayMs, attempt } = backoff.next(child.name, group.ranMs(child));
    log.warn({ event: 'component-exited', child: child.name, childPid: child.pid, code, signal, attempt, restartInMs: delayMs }, 'component exited; restarting after back-off');
    setTimeout(() => {
      if (exiting) return;
      try {
        const restarted = group.respawn(child);
        log.info({ event: 'component-restarted', child: restarted.name, childPid: restarted.pid, attempt }, 'component restarted');
      } catch (err) {
        log.error({ event: 'component-not-restarted', child: child.name, reason: err instanceof Error ? err.message : String(err) }, 'component could not be restarted; stopping the rest');
        void shutdown(1);
      }
    }, delayMs);
  });
  // The first reason to stop decides the exit code; later callers wait for the same stop.
  const shutdown = async (code: number): Promise<never> => {
    if (!stopped) {
      exiting = true;
      stopped = group.stop(layout.stopGraceMs).then(() => process.exit(code));
    }
    await stopped;
    throw new Error('unreachable: the process has exited');
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      note(`${signal} received; stopping`);
      void shutdown(0);
    });
  }

  const missing = seededSubgraphs().map((s) => s.name).filter((agency) => !fs.existsSync(databaseFile(layout.dataDir, agency)));
  if (missing.length > 0) {
    note(`no database for ${missing.join(', ')} in ${layout.dataDir}; seeding`);
    const code = await group.run({ name: 'seed', script: 'scripts/seed.ts', args: ['--data-dir', layout.dataDir], cwd: ROOT });
    if (code !== 0) {
      note(`seeding failed (exit ${code})`);
      return shutdown(1);
    }
  }

  if (supergraphIsStale(registry, layout.supergraphPath)) {
    note(`composing ${path.relative(ROOT, layout.supergraphPath)}`);
    try {
      await writeSupergraph(layout.supergraphPath, registry);
    } catch (err) {
      note(err instanceof Error ? err.message : String(err));
      return shutdown(1);
    }
  }

  if (webBuildIsStale()) {
    note('building the apps (web/) into web/dist');
    try {
      await buildWeb();
    } catch (err) {
      note(err instanceof Error ? err.message : String(err));
      return shutdown(1);
    }
  }

  const urls: Array<[string, string]> = [];
  const subgraphEnv: NodeJS.ProcessEnv = {};
  const starting: Array<Promise<void>> = [];
  // The registry's hosted subgraphs run here; any other entry is only routed to.
  // One metrics listener per process when METRICS_PORT is set (they cannot share the port).
  const metricsPort = (offset: number): NodeJS.ProcessEnv => (layout.metricsPortBase === undefined ? {} : { METRICS_PORT: String(layout.metricsPortBase + offset) });
  for (const [index, { name: agency }] of hostedSubgraphs(registry).entries()) {
    if (exiting) break;
    const port = layout.subgraphPorts[agency]!;
    const base = `http://${layout.host}:${port}`;
    const child = group.spawn({
      name: agency,
      script: 'subgraphs/main.ts',
      args: [agency],
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: layout.host, DATA_DIR: layout.dataDir, ...metricsPort(1 + index) },
    });
    announce(child);
    urls.push([agency, `${base}/graphql`]);
    subgraphEnv[subgraphUrlVariable(agency)] = `${base}/graphql`;
    starting.push(waitForHttp(`${base}/health`, { timeoutMs: layout.startupTimeoutMs, gaveUp: child.exited, what: agency }));
  }
  await waitOrStop(Promise.all(starting), shutdown);

  const gatewayBase = `http://${layout.host}:${layout.gatewayPort}`;
  const gateway = group.spawn({
    name: 'gateway',
    script: 'gateway/main.ts',
    cwd: ROOT,
    env: { ...process.env, ...subgraphEnv, PORT: String(layout.gatewayPort), HOST: layout.host, SUPERGRAPH_PATH: layout.supergraphPath, ...metricsPort(0) },
  });
  announce(gateway);
  urls.push(['gateway', `${gatewayBase}/graphql`], ['app', `${gatewayBase}/`]);
  await waitOrStop(waitForHttp(`${gatewayBase}/ready`, { timeoutMs: layout.startupTimeoutMs, gaveUp: gateway.exited, what: 'gateway' }), shutdown);

  if (exiting) return;
  running = true;
  process.stdout.write(urls.map(([name, url]) => `${name.padEnd(NAME_WIDTH)}${url}\n`).join(''));
}

/** Pids on stderr, so an operator (or a test) can see exactly what runs. */
function announce(child: ManagedChild): void {
  note(`${child.name} started (pid ${child.pid})`);
}

async function waitOrStop(waiting: Promise<unknown>, shutdown: (code: number) => Promise<never>): Promise<void> {
  try {
    await waiting;
  } catch (err) {
    note(err instanceof Error ? err.message : String(err));
    await shutdown(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
