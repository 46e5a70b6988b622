import { useState, type FormEvent } from 'react';
import { KNOWN_PURPOSES, OUTCOME_NAMES, agencyName } from '../text/dutch';
import { Button } from '../ui/Button';
import { FormField } from '../ui/FormField';
import { EMPTY_FILTER, type AccessLogFilterInput } from './auditQueries';

const ORGANISATIONS = ['gemeente', 'schuldhulp', 'wonen', 'veiligthuis', 'jeugdzorg', 'inkomen'];

function TextFilter({ id, label, value, onChange, description }: { id: keyof AccessLogFilterInput; label: string; value: string; onChange: (value: string) => void; description?: string }) {
  return (
    <FormField id={`filter-${id}`} label={label} description={description}>
      <input
        id={`filter-${id}`}
        className="utrecht-textbox utrecht-textbox--html-input"
        value={value}
        autoComplete="off"
        aria-describedby={description ? `filter-${id}-description` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </FormField>
  );
}

function SelectFilter({ id, label, value, options, onChange }: { id: keyof AccessLogFilterInput; label: string; value: string; options: ReadonlyArray<[string, string]>; onChange: (value: string) => void }) {
  return (
    <FormField id={`filter-${id}`} label={label}>
      <select id={`filter-${id}`} className="utrecht-select utrecht-select--html-select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Alle</option>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </FormField>
  );
}

/** The access log's filters: data subject, professional, organisation, purpose, outcome, period. */
export function AccessLogFilters({ onApply }: { onApply: (filter: AccessLogFilterInput) => void }) {
  const [filter, setFilter] = useState<AccessLogFilterInput>(EMPTY_FILTER);
  const change = (key: keyof AccessLogFilterInput) => (value: string) => setFilter((current) => ({ ...current, [key]: value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply(filter);
  };
  const clear = () => {
    setFilter(EMPTY_FILTER);
    onApply(EMPTY_FILTER);
  };
  return (
    <form className="utrecht-form app-filters" onSubmit={apply} aria-label="Filters voor het toegangslogboek">
      <div className="app-filters__grid">
        <TextFilter id="subjectId" label="Betrokkene" description="Kenmerk van een huishouden of persoon, bijv. P-0001" value={filter.subjectId} onChange={change('subjectId')} />
        <TextFilter id="actorSub" label="Professional" description="Kenmerk, bijv. u-regisseur-1" value={filter.actorSub} onChange={change('actorSub')} />
        <SelectFilter id="org" label="Organisatie" value={filter.org} options={ORGANISATIONS.map((org) => [org, agencyName(org)])} onChange={change('org')} />
        <SelectFilter id="purpose" label="Doel" value={filter.purpose} options={KNOWN_PURPOSES.map((purpose) => [purpose, purpose])} onChange={change('purpose')} />
        <SelectFilter id="outcome" label="Uitkomst" value={filter.outcome} options={Object.entries(OUTCOME_NAMES)} onChange={change('outcome')} />
        <FormField id="filter-from" label="Vanaf (datum)">
          <input id="filter-from" type="date" className="utrecht-textbox utrecht-textbox--html-input" value={filter.from} onChange={(event) => change('from')(event.target.value)} />
        </FormField>
        <FormField id="filter-until" label="Tot en met (datum)">
          <input id="filter-until" type="date" className="utrecht-textbox utrecht-textbox--html-input" value={filter.until} onChange={(event) => change('until')(event.target.value)} />
        </FormField>
      </div>
      <div className="utrecht-button-group">
        <Button type="submit">Filteren</Button>
        <Button appearance="secondary-action" onClick={clear}>
          Filters wissen
        </Button>
      </div>
    </form>
  );
}
