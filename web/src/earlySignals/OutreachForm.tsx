import { useId, useState, type FormEvent } from 'react';
import { SessionEndedError, queryGateway, type GatewayError } from '../api/gatewayClient';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { FormField } from '../ui/FormField';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { EARLY_SIGNAL_PURPOSE, OUTREACH_OUTCOMES, RECORD_OUTREACH, type OutreachAnswer } from './earlySignalQueries';

type Status = { kind: 'editing'; problem: string | null } | { kind: 'sending' } | { kind: 'refused'; errors: GatewayError[] } | { kind: 'failed'; message: string };

/** Records the outcome of the outreach on one signal (`Mutation.recordOutreach`); the signal then leaves the queue. */
export function OutreachForm({ signalId, name, onRecorded }: { signalId: string; name: string; onRecorded: (text: string) => void }) {
  const id = useId();
  const [outcome, setOutcome] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'editing', problem: null });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) return setStatus({ kind: 'editing', problem: 'Kies de uitkomst van het contact.' });
    setStatus({ kind: 'sending' });
    try {
      const answer = await queryGateway<OutreachAnswer>(RECORD_OUTREACH, { purpose: EARLY_SIGNAL_PURPOSE, variables: { id: signalId, outcome } });
      if (answer.data?.recordOutreach) onRecorded(`Uitkomst vastgelegd voor ${name}: ${OUTREACH_OUTCOMES.find(([value]) => value === outcome)?.[1].toLowerCase()}. Het signaal is uit de lijst.`);
      else setStatus({ kind: 'refused', errors: answer.errors });
    } catch (err) {
      if (!(err instanceof SessionEndedError)) setStatus({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <form className="utrecht-form" onSubmit={(event) => void submit(event)} aria-label={`Uitkomst van het contact met ${name}`} noValidate>
      <FormField id={`${id}-outcome`} label="Uitkomst van het contact">
        <select id={`${id}-outcome`} className="utrecht-select utrecht-select--html-select" value={outcome} onChange={(event) => setOutcome(event.target.value)}>
          <option value="">Kies…</option>
          {OUTREACH_OUTCOMES.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </FormField>
      {status.kind === 'editing' && status.problem && <Alert type="error">{status.problem}</Alert>}
      {status.kind === 'refused' && <GatewayRefusal errors={status.errors} />}
      {status.kind === 'failed' && <Alert type="error">{status.message}</Alert>}
      <Button type="submit" disabled={status.kind === 'sending'}>
        {status.kind === 'sending' ? 'Bezig met vastleggen…' : 'Uitkomst vastleggen'}
      </Button>
    </form>
  );
}
