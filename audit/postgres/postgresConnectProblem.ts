/** PostgreSQL SQLSTATEs and Node socket codes that a setting (not a passing outage) causes. */
export function postgresConnectProblem(err: unknown): { problem: string; fix: string } {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case '28P01':
    case '28000':
      return { problem: `PostgreSQL refused the login (${message})`, fix: 'put the audit role and its password in the URL (audit/postgres/README.md)' };
    case '3D000':
      return { problem: `the database does not exist (${message})`, fix: 'create it (createdb) or name an existing database in the URL' };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return { problem: `PostgreSQL cannot be reached (${code})`, fix: 'start PostgreSQL or correct the host and port in the URL' };
    default:
      return { problem: `PostgreSQL could not be used (${code || 'error'}: ${message})`, fix: 'check the URL and the server (audit/postgres/README.md)' };
  }
}
