import { useEffect, useRef } from 'react';
import { dateTimeText, labelName, roleName } from '../text/dutch';
import { Button } from '../ui/Button';
import type { AuditField, AuditRecord } from './auditQueries';

function FieldList({ fields, empty }: { fields: readonly AuditField[] | null; empty: string }) {
  if (!fields || fields.length === 0) return <>{empty}</>;
  return (
    <ul className="utrecht-unordered-list">
      {fields.map((field, index) => (
        <li key={index} className="utrecht-unordered-list__item">
          <code>{field.field}</code> ({labelName(field.label ?? '')})
        </li>
      ))}
    </ul>
  );
}

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="utrecht-data-list__item">
      <dt className="utrecht-data-list__item-key">{term}</dt>
      <dd className="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{children}</dd>
    </div>
  );
}

/** One audit record in full: who, why, what was returned and withheld (with labels), about whom, and where to trace it. */
export function RecordDetail({ record, onClose }: { record: AuditRecord; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [record]);
  return (
    <section aria-labelledby="detail-heading" className="app-section app-card">
      <h2 id="detail-heading" ref={heading} tabIndex={-1} className="utrecht-heading-2">
        Record {record.seq}
      </h2>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        <Item term="Tijdstip">{dateTimeText(record.at)}</Item>
        <Item term="Professional">{record.actor ? `${record.actor.sub} (${roleName(record.actor.role)}, ${record.actor.org})` : 'niet aangemeld'}</Item>
        <Item term="Doel">{record.purpose ? `${record.purpose} (${record.processingActivity}; ${record.legalBasis})` : '—'}</Item>
        <Item term="Uitkomst">
          {record.outcome}
          {record.errorCodes?.length ? ` (${record.errorCodes.join(', ')})` : ''}
        </Item>
        {record.breakGlassJustification && <Item term="Reden spoedtoegang">“{record.breakGlassJustification}”</Item>}
        {record.review && (
          <Item term="Oordeel">
            {record.review.verdict === 'JUSTIFIED' ? 'terecht' : 'niet terecht'} over record {record.review.recordSeq}: {record.review.note}
          </Item>
        )}
        <Item term="Betrokkenen">{record.subjects?.length ? record.subjects.join(', ') : '—'}</Item>
        <Item term="Getoonde velden">
          <FieldList fields={record.returned} empty="geen" />
        </Item>
        <Item term="Afgeschermde velden">
          <FieldList fields={record.redacted} empty="geen" />
        </Item>
        <Item term="Trace-id">
          <code>{record.traceId ?? '—'}</code>
        </Item>
        <Item term="Beleidsversie">{record.policyVersion ?? '—'}</Item>
        <Item term="Gateway">{record.gatewayInstance ?? '—'}</Item>
        <Item term="Operatie">{record.operationName ?? '(naamloos)'}</Item>
      </dl>
      <Button appearance="secondary-action" onClick={onClose}>
        Details sluiten
      </Button>
    </section>
  );
}
