/**
 * npm run audit:verify [-- --file <audit.sqlite>]
 * AUDIT_DATABASE_URL=postgres://… npm run audit:verify   (the PostgreSQL log)
 *
 * Walks the audit hash chain and prints how many records verify, or the first record that
 * does not and why. Opens the file read-only: verifying never changes it.
 *
 * Exit codes: 0 the chain verifies; 1 it is broken; 2 bad arguments or unreadable file.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { auditFile, defaultDataDir } from '../audit/auditFile';
import { SqliteAuditReader } from '../audit/SqliteAuditReader';
import type { ChainVerification } from '../audit/ChainVerification';
import { auditDatabaseUrlFromEnv, openAuditReader, type ClosableAuditReader } from '../audit/openAuditStore';
import { postgresLocation } from '../audit/postgres/postgresPool';

const EXIT = { verified: 0, broken: 1, usage: 2 } as const;

const USAGE = `Usage: npm run audit:verify [-- --file <audit.sqlite>]

Verifies the audit log's hash chain. Default: the PostgreSQL log when AUDIT_DATABASE_URL
is set (a role that may SELECT is enough), else <DATA_DIR or ./data>/audit.sqlite.
Exit 0 when every record verifies, 1 at the first broken record, 2 when the file cannot be read.
`;

function report(result: ChainVerification): number {
  if (result.verified) {
    const range = result.firstSeq === null ? 'the log is empty' : `seq ${result.firstSeq}..${result.lastSeq}, last hash ${result.lastHash}`;
    process.stdout.write(`audit chain verified: ${result.records} record${result.records === 1 ? '' : 's'} (${range})\n`);
    return EXIT.verified;
  }
  process.stdout.write(`audit chain BROKEN at seq ${result.firstBrokenSeq}: ${result.reason} (${result.records} records verified before it)\n`);
  return EXIT.broken;
}

/** The PostgreSQL log, read in one snapshot. */
async function verifyPostgres(databaseUrl: string): Promise<number> {
  let reader: ClosableAuditReader | undefined;
  try {
    reader = openAuditReader({ databaseUrl, file: '' }, { unusualAccessSubjectTypes: null });
    return report(await reader.verifyChain());
  } catch (err) {
    process.stderr.write(`audit:verify: cannot read ${postgresLocation(databaseUrl)}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  } finally {
    await reader?.close();
  }
}

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { file: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT.verified;
  }
  if (values.file === undefined) {
    let databaseUrl: string | undefined;
    try {
      databaseUrl = auditDatabaseUrlFromEnv();
    } catch (err) {
      process.stderr.write(`audit:verify: ${err instanceof Error ? err.message : String(err)}\n`);
      return EXIT.usage;
    }
    if (databaseUrl !== undefined) return verifyPostgres(databaseUrl);
  }
  const file = values.file ?? auditFile(defaultDataDir());
  if (!fs.existsSync(file)) {
    process.stderr.write(`audit:verify: ${file} does not exist; pass --file or set DATA_DIR.\n`);
    return EXIT.usage;
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    process.stderr.write(`audit:verify: cannot open ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  }
  try {
    return report(new SqliteAuditReader(db).verifyChainNow());
  } catch (err) {
    process.stderr.write(`audit:verify: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.usage;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`audit:verify: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.usage;
  },
);
