import { useId, useState, type FormEvent } from 'react';
import type { GatewayError } from '../api/gatewayClient';
import { useGatewayWrite } from '../api/useGatewayWrite';
import { TextField } from '../ui/TextField';
import { WriteFormEnd } from '../ui/WriteStatusAlerts';
import { HOUSEHOLD_VIEW, type Household, type HouseholdView } from './householdQuery';

/** The bounds the gateway sets on a justification (audit/AuditRecord.ts BREAK_GLASS_JUSTIFICATION). */
const MIN_LENGTH = 20;
const MAX_LENGTH = 500;

/**
 * Emergency access (break-glass, docs/domain.md): for a purpose whose policy allows it, a
 * household without a relation opens with a written justification, sent in `X-Break-Glass`.
 * The gateway records every such access for the privacy officer's review, and tells the
 * citizen; the access lasts `hours`.
 */
export function BreakGlassForm({ id, purpose, hours, onOpened }: { id: string; purpose: string; hours: number; onOpened: (household: Household, errors: GatewayError[], justification: string) => void }) {
  const fieldId = useId();
  const [justification, setJustification] = useState('');
  const write = useGatewayWrite();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = justification.trim();
    // Checked here so a slip opens nothing and records nothing; the gateway checks again.
    if (text.length < MIN_LENGTH) return write.slip(`Schrijf waarom het acuut is, in minstens ${MIN_LENGTH} tekens.`);
    const answer = await write.send<HouseholdView>(HOUSEHOLD_VIEW, { purpose, variables: { id }, breakGlass: text });
    if (!answer) return;
    if (answer.data?.household) onOpened(answer.data.household, answer.errors, text);
    else if (answer.errors.length > 0) write.refuse(answer.errors);
    else write.slip('Dit huishouden is niet gevonden.');
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
        <TextField
          id={`${fieldId}-reason`}
          label="Reden"
          description={`Waarom is het acuut? ${MIN_LENGTH} tot ${MAX_LENGTH} tekens, op één regel; dit komt in het toegangslogboek.`}
          value={justification}
          maxLength={MAX_LENGTH}
          onChange={setJustification}
        />
        <WriteFormEnd status={write.status} label="Spoedtoegang openen" busyLabel="Bezig…" />
      </form>
    </section>
  );
}
