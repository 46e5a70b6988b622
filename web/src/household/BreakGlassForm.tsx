import { useId, useState, type FormEvent } from 'react';
import { SessionEndedError, queryGateway, type GatewayError } from '../api/gatewayClient';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { FormField } from '../ui/FormField';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { HOUSEHOLD_VIEW, type Household, type HouseholdView } from './householdQuery';

/** The bounds the gateway sets on a justification (audit/AuditRecord.ts BREAK_GLASS_JUSTIFICATION). */
const MIN_LENGTH = 20;
const MAX_LENGTH = 500;

type Status = { kind: 'editing'; problem: string | null } | { kind: 'sending' } | { kind: 'refused'; errors: GatewayError[] } | { kind: 'failed'; message: string };

/**
 * Emergency access (break-glass, docs/domain.md): for a purpose whose policy allows it, a
 * household without a relation opens with a written justification, sent in `X-Break-Glass`.
 * The gateway records every such access for the privacy officer's review, and tells the
 * citizen; the access lasts `hours`.
 */
export function BreakGlassForm({ id, purpose, hours, onOpened }: { id: string; purpose: string; hours: number; onOpened: (household: Household, errors: GatewayError[], justification: string) => void }) {
  const fieldId = useId();
  const [justification, setJustification] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'editing', problem: null });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = justification.trim();
    // Checked here so a slip opens nothing and records nothing; the gateway checks again.
    if (text.length < MIN_LENGTH) return setStatus({ kind: 'editing', problem: `Schrijf waarom het acuut is, in minstens ${MIN_LENGTH} tekens.` });
    setStatus({ kind: 'sending' });
    try {
      const answer = await queryGateway<HouseholdView>(HOUSEHOLD_VIEW, { purpose, variables: { id }, breakGlass: text });
      if (answer.data?.household) onOpened(answer.data.household, answer.errors, text);
      else if (answer.errors.length > 0) setStatus({ kind: 'refused', errors: answer.errors });
      else setStatus({ kind: 'failed', message: 'Dit huishouden is niet gevonden.' });
    } catch (err) {
      if (!(err instanceof SessionEndedError)) setStatus({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <section aria-labelledby={`${fieldId}-heading`} className="app-section app-card">
      <h2 id={`${fieldId}-heading`} className="utrecht-heading-2">
        Spoedtoegang
      </h2>
      <p className="utrecht-paragraph">
        Alleen bij acuut gevaar mag u dit huishouden openen zonder dat u ermee werkt. Elke spoedtoegang wordt vastgelegd en door de privacy officer beoordeeld;
        de betrokkenen zien dat hun gegevens met spoed zijn bekeken. De toegang geldt {hours} uur.
      </p>
      <form className="utrecht-form" onSubmit={(event) => void submit(event)} aria-label="Spoedtoegang aanvragen" noValidate>
        <FormField id={`${fieldId}-reason`} label="Reden" description={`Waarom is het acuut? ${MIN_LENGTH} tot ${MAX_LENGTH} tekens, op één regel; dit komt in het toegangslogboek.`}>
          <input
            id={`${fieldId}-reason`}
            className="utrecht-textbox utrecht-textbox--html-input"
            value={justification}
            maxLength={MAX_LENGTH}
            autoComplete="off"
            aria-describedby={`${fieldId}-reason-description`}
            onChange={(event) => setJustification(event.target.value)}
          />
        </FormField>
        {status.kind === 'editing' && status.problem && <Alert type="error">{status.problem}</Alert>}
        {status.kind === 'refused' && <GatewayRefusal errors={status.errors} />}
        {status.kind === 'failed' && <Alert type="error">{status.message}</Alert>}
        <Button type="submit" disabled={status.kind === 'sending'}>
          {status.kind === 'sending' ? 'Bezig…' : 'Spoedtoegang openen'}
        </Button>
      </form>
    </section>
  );
}
