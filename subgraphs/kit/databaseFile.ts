import path from 'node:path';

/** Each agency keeps its own database file: `<dataDir>/<agency>.sqlite`. */
export function databaseFile(dataDir: string, agency: string): string {
  return path.join(dataDir, `${agency}.sqlite`);
}
