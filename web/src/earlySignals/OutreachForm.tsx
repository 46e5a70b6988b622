import { useId, useState, type FormEvent } from 'react';
import { useGatewayWrite } from '../api/useGatewayWrite';
import { FormField } from '../ui/FormField';
import { WriteFormEnd } from '../ui/WriteStatusAlerts';
import { EARLY_SIGNAL_PURPOSE, OUTREACH_OUTCOMES, RECORD_OUTREACH, type OutreachAnswer } from './earlySignalQueries';

/** Records the outcome of the outreach on one signal (`Mutation.recordOutreach`); the signal then leaves the queue. */
export function OutreachForm({ signalId, name, onRecorded }: { signalId: string; name: string; onRecorded: (text: string) => void }) {
  const id = useId();
  const [outcome, setOutcome] = useState('');
  const write = useGatewayWrite();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) return write.slip('Kies de uitkomst van het contact.');
    const answer = await write.send<OutreachAnswer>(RECORD_OUTREACH, { purpose: EARLY_SIGNAL_PURPOSE, variables: { id: signalId, outcome } });
    if (!answer) return;
    if (answer.data?.recordOutreach) onRecorded(`Uitkomst vastgelegd voor ${name}: ${OUTREACH_OUTCOMES.find(([value]) => value === outcome)?.[1].toLowerCase()}. Het signaal is uit de lijst.`);
    else write.refuse(answer.errors);
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
      <WriteFormEnd status={write.status} label="Uitkomst vastleggen" busyLabel="Bezig met vastleggen…" />
    </form>
  );
}
