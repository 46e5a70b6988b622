import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { AccessLogFilter, AccessLogPage, AuditReader, SubjectAccess } from './AuditStore';
import type { ChainVerification } from './ChainVerification';
import { SqliteAuditReader, type SqliteAuditReaderOptions } from './SqliteAuditReader';
import type { UnusualAccessFinding, UnusualAccessThresholds } from './UnusualAccessDetector';

/**
 * A read-only view of the audit file that follows the file, not the inode: when an
 * operator restores the log from a backup (the file is replaced), the next question is
 * answered from the restored file, as the gateway's store writes to it. A connection
 * held open would keep reading the deleted one.
 */
export class ReopeningAuditReader implements AuditReader {
  private current: { db: Database.Database; reader: SqliteAuditReader; ino: number; dev: number } | undefined;

  constructor(
    private readonly file: string,
    private readonly options: Partial<SqliteAuditReaderOptions> = {},
  ) {}

  private reader(): SqliteAuditReader {
    const stat = fs.statSync(this.file);
    if (this.current && this.current.ino === stat.ino && this.current.dev === stat.dev) return this.current.reader;
    this.current?.db.close();
    const db = new Database(this.file, { readonly: true, fileMustExist: true });
    this.current = { db, reader: new SqliteAuditReader(db, this.options), ino: stat.ino, dev: stat.dev };
    return this.current.reader;
  }

  accessLog(filter: AccessLogFilter, first: number, after: string | null): Promise<AccessLogPage> {
    return this.reader().accessLog(filter, first, after);
  }

  verifyChain(): Promise<ChainVerification> {
    return this.reader().verifyChain();
  }

  unusualAccess(from: Date, to: Date, thresholds?: Partial<UnusualAccessThresholds>): Promise<UnusualAccessFinding[]> {
    return this.reader().unusualAccess(from, to, thresholds);
  }

  accessesToSubject(subjectId: string): Promise<SubjectAccess[]> {
    return this.reader().accessesToSubject(subjectId);
  }

  close(): void {
    this.current?.db.close();
    this.current = undefined;
  }
}
