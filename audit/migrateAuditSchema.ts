import path from 'node:path';
import type Database from 'better-sqlite3';
import { migrate } from '../subgraphs/kit/migrate';
import { projectPath } from '../platform/projectRoot';

export const AUDIT_MIGRATIONS_DIR = projectPath(path.join(__dirname, 'migrations'));

/**
 * Brings the audit file's schema up to date. The gateway's store and the audit subgraph
 * may open a new file at the same moment, so the migration runs under the write lock
 * (BEGIN IMMEDIATE) and reads the schema version only once it holds it; the kit's
 * per-file transactions nest inside as savepoints.
 */
export function migrateAuditSchema(db: Database.Database): number {
  return db.transaction(() => migrate(db, AUDIT_MIGRATIONS_DIR)).immediate();
}
