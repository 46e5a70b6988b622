import { OUTCOME_NAMES, dateTimeText, roleName } from '../text/dutch';
import { Button } from '../ui/Button';
import type { AuditRecord } from './auditQueries';

/** One page of the access log; each row opens its record's detail. */
export function AccessLogTable({ records, onOpen }: { records: readonly AuditRecord[]; onOpen: (record: AuditRecord) => void }) {
  if (records.length === 0) return <p className="utrecht-paragraph">Geen records bij deze filters.</p>;
  return (
    <div className="utrecht-table-container utrecht-table-container--overflow-inline" tabIndex={0} role="region" aria-label="Toegangslogboek, scrollbaar">
      <table className="utrecht-table utrecht-table--html-table app-log-table">
        <caption className="app-visually-hidden">Toegangslogboek, nieuwste eerst</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            {['Nr.', 'Tijdstip', 'Professional', 'Organisatie', 'Doel', 'Uitkomst', 'Betrokkenen', 'Details'].map((column) => (
              <th key={column} scope="col" className="utrecht-table__header-cell">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {records.map((record) => (
            <tr key={record.seq} className="utrecht-table__row">
              <td className="utrecht-table__cell">{record.seq}</td>
              <td className="utrecht-table__cell">{dateTimeText(record.at)}</td>
              <td className="utrecht-table__cell">
                {record.actor?.sub ?? 'niet aangemeld'}
                {record.actor?.role && <span className="app-muted"> ({roleName(record.actor.role)})</span>}
              </td>
              <td className="utrecht-table__cell">{record.actor?.org ?? '—'}</td>
              <td className="utrecht-table__cell">{record.purpose ?? '—'}</td>
              <td className="utrecht-table__cell">{OUTCOME_NAMES[record.outcome ?? ''] ?? record.outcome}</td>
              <td className="utrecht-table__cell">{record.subjects?.join(', ') || '—'}</td>
              <td className="utrecht-table__cell">
                <Button appearance="subtle" onClick={() => onOpen(record)}>
                  Bekijk record {record.seq}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
