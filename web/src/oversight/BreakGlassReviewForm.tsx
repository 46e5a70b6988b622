import { useId, useState, type FormEvent } from 'react';
import { useGatewayWrite } from '../api/useGatewayWrite';
import { TextField } from '../ui/TextField';
import { WriteFormEnd } from '../ui/WriteStatusAlerts';
import { OVERSIGHT_PURPOSE, REVIEW_BREAK_GLASS, REVIEW_NOTE_MAX_LENGTH, type ReviewAnswer } from './auditQueries';

type Verdict = 'JUSTIFIED' | 'NOT_JUSTIFIED';

/**
 * The privacy officer's verdict on one emergency access (`Mutation.reviewBreakGlass`, the
 * one write the API takes): justified or not, with a note on one line. The gateway records
 * the verdict as an audit record of its own; `onReviewed` shows the finding again.
 */
export function BreakGlassReviewForm({ recordSeq, onReviewed }: { recordSeq: number; onReviewed: () => void }) {
  const id = useId();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [note, setNote] = useState('');
  const write = useGatewayWrite();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Checked here so a slip costs no request; the gateway and the audit subgraph check again.
    if (!verdict) return write.slip('Kies of de spoedtoegang terecht was.');
    if (note.trim() === '') return write.slip('Schrijf een toelichting bij uw oordeel.');
    const answer = await write.send<ReviewAnswer>(REVIEW_BREAK_GLASS, { purpose: OVERSIGHT_PURPOSE, variables: { seq: recordSeq, verdict, note: note.trim() } });
    if (!answer) return;
    if (answer.data?.reviewBreakGlass) onReviewed();
    else write.refuse(answer.errors);
  };

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
      <TextField id={`${id}-note`} label="Toelichting" description="Eén regel: waarop berust uw oordeel? Dit komt in het toegangslogboek." value={note} maxLength={REVIEW_NOTE_MAX_LENGTH} onChange={setNote} />
      <WriteFormEnd status={write.status} label="Oordeel vastleggen" busyLabel="Bezig met vastleggen…" />
    </form>
  );
}
