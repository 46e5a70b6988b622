import path from 'node:path';

/** The gateway's audit store: `<dataDir>/audit.sqlite`, beside the agencies' databases. */
export function auditFile(dataDir: string): string {
  return path.join(dataDir, 'audit.sqlite');
}

/** `DATA_DIR`, or `./data` under the working directory, as the other scripts use. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR ?? 'data');
}
