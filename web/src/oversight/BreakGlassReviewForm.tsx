import { useId, useState, type FormEvent } from 'react';
import { SessionEndedError, queryGateway, type GatewayError } from '../api/gatewayClient';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { FormField } from '../ui/FormField';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { OVERSIGHT_PURPOSE, REVIEW_BREAK_GLASS, REVIEW_NOTE_MAX_LENGTH, type ReviewAnswer } from './auditQueries';

type Verdict = 'JUSTIFIED' | 'NOT_JUSTIFIED';

type Status = { kind: 'editing'; problem: string | null } | { kind: 'sending' } | { kind: 'refused'; errors: GatewayError[] } | { kind: 'failed'; message: string };

/**
 * The privacy officer's verdict on one emergency access (`Mutation.reviewBreakGlass`, the
 * one write the API takes): justified or not, with a note on one line. The gateway records
 * the verdict as an audit record of its own; `onReviewed` shows the finding again.
 */
export function BreakGlassReviewForm({ recordSeq, onReviewed }: { recordSeq: number; onReviewed: () => void }) {
  const id = useId();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'editing', problem: null });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Checked here so a slip costs no request; the gateway and the audit subgraph check again.
    if (!verdict) return setStatus({ kind: 'editing', problem: 'Kies of de spoedtoegang terecht was.' });
    if (note.trim() === '') return setStatus({ kind: 'editing', problem: 'Schrijf een toelichting bij uw oordeel.' });
    setStatus({ kind: 'sending' });
    try {
      const answer = await queryGateway<ReviewAnswer>(REVIEW_BREAK_GLASS, { purpose: OVERSIGHT_PURPOSE, variables: { seq: recordSeq, verdict, note: note.trim() } });
      if (answer.data?.reviewBreakGlass) onReviewed();
      else setStatus({ kind: 'refused', errors: answer.errors });
    } catch (err) {
      if (!(err instanceof SessionEndedError)) setStatus({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const problem = status.kind === 'editing' ? status.problem : null;
  return (
    <form className="utrecht-form app-review-form" onSubmit={(event) => void submit(event)} aria-label={`Oordeel over spoedtoegang, record ${recordSeq}`} noValidate>
      <fieldset className="utrecht-form-fieldset">
        <legend className="utrecht-form-fieldset__legend">Was deze spoedtoegang terecht?</legend>
        {(['JUSTIFIED', 'NOT_JUSTIFIED'] as const).map((value) => (
          <div key={value} className="utrecht-form-field utrecht-form-field--radio">
            <input
              type="radio"
              id={`${id}-${value}`}
              name={`${id}-verdict`}
              className="utrecht-radio-button utrecht-radio-button--html-input"
              checked={verdict === value}
              onChange={() => setVerdict(value)}
            />{' '}
            <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${id}-${value}`}>
              {value === 'JUSTIFIED' ? 'Terecht' : 'Niet terecht'}
            </label>
          </div>
        ))}
      </fieldset>
      <FormField id={`${id}-note`} label="Toelichting" description="Eén regel: waarop berust uw oordeel? Dit komt in het toegangslogboek.">
        <input
          id={`${id}-note`}
          className="utrecht-textbox utrecht-textbox--html-input"
          value={note}
          maxLength={REVIEW_NOTE_MAX_LENGTH}
          autoComplete="off"
          aria-describedby={`${id}-note-description`}
          onChange={(event) => setNote(event.target.value)}
        />
      </FormField>
      {problem && <Alert type="error">{problem}</Alert>}
      {status.kind === 'refused' && <GatewayRefusal errors={status.errors} />}
      {status.kind === 'failed' && <Alert type="error">{status.message}</Alert>}
      <Button type="submit" disabled={status.kind === 'sending'}>
        {status.kind === 'sending' ? 'Bezig met vastleggen…' : 'Oordeel vastleggen'}
      </Button>
    </form>
  );
}
