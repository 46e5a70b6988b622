/**
 * npm run audit:prune [-- --file <audit.sqlite>] [--now <ISO time>]
 * AUDIT_DATABASE_URL=<owner's URL> npm run audit:prune   (the PostgreSQL log)
 *
 * Removes audit records past their purpose's retention (policies/policy.yaml
 * `auditRetentionDays`) and writes a checkpoint so the rest of the chain still verifies.
 * Safe while the gateway runs: the prune takes SQLite's write lock for one transaction and
 * the gateway's appends wait for it (audit/README.md, Retention).
 *
 * Exit codes: 0 done (also when nothing was due); 1 refused (the chain is broken, or the
 * store cannot be written); 2 bad arguments.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditRecordError } from '../audit/AuditRecordError';
import { auditFile, defaultDataDir } from '../audit/auditFile';
import { normalizeInstant } from '../audit/normalizeAuditInput';
import type { AuditStore } from '../audit/AuditStore';
import { auditDatabaseUrlFromEnv, openAuditStore } from '../audit/openAuditStore';

const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

const USAGE = `Usage: npm run audit:prune [-- --file <audit.sqlite>] [--now <ISO time>]

Removes audit records older than their purpose's retention and leaves a checkpoint.
Default: the PostgreSQL log when AUDIT_DATABASE_URL is set (the owner's URL: the
gateway's role may not delete), else <DATA_DIR or ./data>/audit.sqlite. --now (default: the current time) is
the moment retention is measured from, e.g. 2031-01-01T00:00:00Z.
`;

function usage(problem: string): number {
  process.stderr.write(`${problem}\n\n${USAGE}`);
  return EXIT.usage;
}

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { file: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  let now = new Date();
  if (values.now !== undefined) {
    try {
      now = new Date(normalizeInstant(values.now, '--now'));
    } catch (err) {
      return usage(err instanceof AuditRecordError ? `${err.field} ${err.reason}` : String(err));
    }
  }
  let databaseUrl: string | undefined;
  try {
    databaseUrl = values.file === undefined ? auditDatabaseUrlFromEnv() : undefined;
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const file = values.file ?? auditFile(defaultDataDir());
  // Pruning never creates a log: a missing file is a wrong path, not an empty log.
  if (databaseUrl === undefined && !fs.existsSync(file)) return usage(`${file} does not exist; pass --file or set DATA_DIR.`);

  let store: AuditStore;
  try {
    store = await openAuditStore({ databaseUrl, file }, { migrate: false });
  } catch (err) {
    process.stderr.write(`audit:prune: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.refused;
  }
  try {
    const report = await store.prune(now);
    if (!report.checkpoint) {
      process.stdout.write(`audit:prune: nothing was due at ${now.toISOString()}.\n`);
    } else {
      const c = report.checkpoint;
      process.stdout.write(`audit:prune: removed ${report.pruned} records up to seq ${c.prunedThroughSeq}; checkpoint seq ${c.seq} vouches for them.\n`);
    }
    if (report.expiredButKept > 0) {
      process.stdout.write(`audit:prune: ${report.expiredButKept} expired records wait behind a younger record; they go once it expires.\n`);
    }
    return EXIT.ok;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`audit:prune: ${message}\n`);
    return EXIT.refused;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`audit:prune: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.refused;
  },
);
