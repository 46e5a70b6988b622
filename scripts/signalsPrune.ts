/**
 * npm run signals:prune [-- --data-dir <dir>] [--now <ISO time>]
 *
 * Removes early signals (inkomen's payment-arrear reports and the creditors' contact
 * details) that were not acted on within the term of purpose vroegsignalering
 * (policies/policy.yaml `dataRetentionDays`; Wgs art. 5). Safe while the subgraph runs
 * (one SQLite transaction). Prints one JSON line: { persons, reports, retentionDays }.
 *
 * Exit codes: 0 done (also when nothing was due); 2 bad arguments or no such database.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { defaultDataDir } from '../audit/auditFile';
import { normalizeInstant } from '../audit/normalizeAuditInput';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../policies/loadPolicy';
import { databaseFile } from '../subgraphs/kit/databaseFile';
import { pruneSignals } from '../subgraphs/inkomen/pruneSignals';

const PURPOSE = 'vroegsignalering';
const USAGE = `Usage: npm run signals:prune [-- --data-dir <dir>] [--now <ISO time>]

Removes early signals not acted on within the term of purpose ${PURPOSE} (policies/policy.yaml).
Default data dir: DATA_DIR or ./data. --now (default: the current time), e.g. 2028-01-01T00:00:00Z.
`;

function usage(problem: string): number {
  process.stderr.write(`${problem}\n\n${USAGE}`);
  return 2;
}

function main(args: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { 'data-dir': { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let now = new Date();
  if (values.now !== undefined) {
    try {
      now = new Date(normalizeInstant(values.now, '--now'));
    } catch {
      return usage(`--now must be an ISO 8601 time with a zone, e.g. 2028-01-01T00:00:00Z.`);
    }
  }
  const retentionDays = loadPolicy(process.env.POLICY_FILE ?? DEFAULT_POLICY_FILE).purposes.get(PURPOSE)?.dataRetentionDays;
  if (retentionDays === undefined) return usage(`policies/policy.yaml states no dataRetentionDays for purpose ${PURPOSE}; nothing is removed without a stated term.`);
  const file = databaseFile(values['data-dir'] ?? defaultDataDir(), 'inkomen');
  if (!fs.existsSync(file)) return usage(`${file} does not exist; pass --data-dir or set DATA_DIR.`);
  const db = new Database(file);
  try {
    const report = pruneSignals(db, { now, retentionDays });
    process.stdout.write(`${JSON.stringify({ ...report, retentionDays })}\n`);
    return 0;
  } finally {
    db.close();
  }
}

process.exitCode = main(process.argv.slice(2));
