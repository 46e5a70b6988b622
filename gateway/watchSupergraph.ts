import type { SupergraphSdlHook } from '@apollo/gateway';
import type pino from 'pino';
import { checkSupergraph } from './loadSupergraph';
import { supergraphVersion } from './supergraphVersion';

export interface SupergraphWatchOptions {
  /** Where the supergraph comes from (a file path or URL), for messages. */
  where: string;
  /** Reads the current supergraph text (the file, or an HTTP GET of `SUPERGRAPH_URL`). */
  read(): Promise<string>;
  /** How often to look for a new one. */
  pollMs: number;
  log: pino.Logger;
  /**
   * Prepares everything that depends on the supergraph (the policy layer's labels) and
   * returns the step that puts it in force; throws to refuse the supergraph.
   */
  prepare(sdl: string): () => void;
}

/**
 * Apollo Gateway's `supergraphSdl` hook over a file or URL that agencies publish to: a new
 * supergraph is checked, prepared and handed to the gateway with `update`; requests in
 * flight finish on the plan they started with. One that does not load is refused and
 * logged, and the old one keeps serving (as Apollo's Uplink and the Hive CDN clients do).
 */
export function watchSupergraph(initialSdl: string, options: SupergraphWatchOptions): SupergraphSdlHook {
  return async ({ update }) => {
    let current = supergraphVersion(initialSdl);
    let busy = false;
    const poll = async (): Promise<void> => {
      const sdl = await options.read();
      const version = supergraphVersion(sdl);
      if (version === current) return;
      let activate: () => void;
      try {
        checkSupergraph(sdl, options.where);
        activate = options.prepare(sdl);
        // Throws when the gateway cannot build a schema or planner from it; nothing changed then.
        update(sdl);
      } catch (err) {
        // Not retried until the source changes again: the same text would fail the same way.
        current = version;
        options.log.error({ supergraph: options.where, version, reason: err instanceof Error ? err.message : String(err) }, 'new supergraph refused; the previous one keeps serving');
        return;
      }
      activate();
      current = version;
      options.log.info({ supergraph: options.where, version }, 'supergraph swapped');
    };
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      poll()
        .catch((err: unknown) => options.log.warn({ supergraph: options.where, reason: err instanceof Error ? err.message : String(err) }, 'supergraph source not readable; keeping the current one'))
        .finally(() => (busy = false));
    }, options.pollMs);
    timer.unref();
    return { supergraphSdl: initialSdl, cleanup: async () => clearInterval(timer) };
  };
}
