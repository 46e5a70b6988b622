import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/**
 * Applies `NNN_name.sql` files in order, once each. SQLite's `user_version` holds how
 * many have been applied, so the database itself records its schema version.
 */
export function migrate(db: Database.Database, migrationsDir: string): number {
  const files = fs
    .readdirSync(migrationsDir)
    .filter((file) => /^\d{3}_.+\.sql$/.test(file))
    .sort();
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > files.length) {
    throw new Error(`Database is at migration ${applied} but ${migrationsDir} holds only ${files.length}; update the code.`);
  }
  for (let index = applied; index < files.length; index += 1) {
    const sql = fs.readFileSync(path.join(migrationsDir, files[index]!), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
  return files.length;
}
