import type { GatewayError } from '../api/gatewayClient';
import { Alert } from './Alert';

/** What a refusal means, in Dutch, per error code; the gateway's own words follow. */
const HEADINGS: Readonly<Record<string, string>> = {
  FORBIDDEN: 'Geen toegang',
  PURPOSE_NOT_PERMITTED: 'Dit doel hoort niet bij uw rol',
  PURPOSE_REQUIRED: 'Kies eerst een doel',
  QUERY_TOO_COMPLEX: 'Vraag te groot',
  AUDIT_UNAVAILABLE: 'Het toegangslogboek werkt nu niet; daarom wordt niets getoond',
  BAD_USER_INPUT: 'Ongeldige invoer',
};

/** A refusal by the gateway: a Dutch heading and the gateway's message as it was sent (in English). */
export function GatewayRefusal({ errors }: { errors: readonly GatewayError[] }) {
  const first = errors[0];
  if (!first) return null;
  const code = first.extensions?.code ?? '';
  return (
    <Alert type="error" heading={HEADINGS[code] ?? 'Het antwoord kon niet worden getoond'}>
      <p className="utrecht-paragraph">
        Melding van de huishoudview: <span lang="en">{first.message}</span>
      </p>
    </Alert>
  );
}
