import { queryGateway } from '../api/gatewayClient';
import { ACCESS_LOG, OVERSIGHT_PURPOSE, type AccessLogPage, type AuditRecord } from './auditQueries';

const COLUMNS: ReadonlyArray<[string, (record: AuditRecord) => string | number | null | undefined]> = [
  ['seq', (r) => r.seq],
  ['tijdstip', (r) => r.at],
  ['professional', (r) => r.actor?.sub],
  ['rol', (r) => r.actor?.role],
  ['organisatie', (r) => r.actor?.org],
  ['doel', (r) => r.purpose],
  ['verwerking', (r) => r.processingActivity],
  ['uitkomst', (r) => r.outcome],
  ['foutcodes', (r) => r.errorCodes?.join(' ')],
  ['betrokkenen', (r) => r.subjects?.join(' ')],
  ['velden_getoond', (r) => r.fieldsReturned?.join(' ')],
  ['velden_afgeschermd', (r) => r.fieldsRedacted?.join(' ')],
  ['trace_id', (r) => r.traceId],
  ['beleidsversie', (r) => r.policyVersion],
  ['reden_spoedtoegang', (r) => r.breakGlassJustification],
  ['oordeel', (r) => (r.review ? `${r.review.verdict} record ${r.review.recordSeq}: ${r.review.note}` : null)],
];

/** At most this many pages of 100 go into one export; the file says when it was cut off. */
const MAX_PAGES = 100;

/** One CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function cell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(records: readonly AuditRecord[]): string {
  const lines = [COLUMNS.map(([name]) => cell(name)).join(',')];
  for (const record of records) lines.push(COLUMNS.map(([, get]) => cell(get(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Every record that matches `filter`, page by page (the export asks the gateway, and is audited, like any look). */
export async function fetchFilteredLog(filter: Record<string, string>): Promise<{ records: AuditRecord[]; complete: boolean; errors: string[] }> {
  const records: AuditRecord[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { data, errors }: { data: AccessLogPage | null; errors: Array<{ message: string }> } = await queryGateway<AccessLogPage>(ACCESS_LOG, {
      purpose: OVERSIGHT_PURPOSE,
      variables: { filter, first: 100, after },
    });
    if (!data?.accessLog) return { records, complete: false, errors: errors.map((e) => e.message) };
    for (const edge of data.accessLog.edges ?? []) if (edge.node) records.push(edge.node);
    if (!data.accessLog.pageInfo.hasNextPage) return { records, complete: true, errors: [] };
    after = data.accessLog.pageInfo.endCursor;
  }
  return { records, complete: false, errors: [] };
}

/** Hands the browser a file to save; nothing is kept in storage. */
export function download(name: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
