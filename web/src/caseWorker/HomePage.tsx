import { useState, type FormEvent } from 'react';
import { useGatewayQuery } from '../api/useGatewayQuery';
import { Link } from '../routing/Link';
import { href, navigate } from '../routing/router';
import type { SignedInPerson } from '../session/sessionStore';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { FormField } from '../ui/FormField';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { Loading } from '../ui/Loading';
import { PageHeading } from '../ui/PageHeading';
import { PurposePicker } from './PurposePicker';
import { usePurpose } from './usePurpose';

const MY_HOUSEHOLDS = `query MijnHuishoudens {
  myHouseholds { id address { street houseNumber city } members { id } }
}`;

interface MyHouseholds {
  myHouseholds: Array<{ id: string; address: { street: string | null; houseNumber: string | null; city: string | null } | null; members: Array<{ id: string }> | null }> | null;
}

function OpenById({ purpose }: { purpose: string }) {
  const [id, setId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const open = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = id.trim();
    if (!trimmed) {
      setProblem('Vul het kenmerk van een huishouden in, bijvoorbeeld H-0001.');
      return;
    }
    navigate(href(`/huishoudens/${encodeURIComponent(trimmed)}`, { doel: purpose }));
  };
  return (
    <form className="utrecht-form app-section" onSubmit={open} noValidate aria-labelledby="open-heading">
      <h2 id="open-heading" className="utrecht-heading-2">
        Huishouden openen
      </h2>
      <FormField id="household-id" label="Kenmerk van het huishouden" description="Bijvoorbeeld H-0001.">
        <input
          id="household-id"
          className="utrecht-textbox utrecht-textbox--html-input"
          value={id}
          autoComplete="off"
          aria-describedby={problem ? 'household-id-description household-id-error' : 'household-id-description'}
          aria-invalid={problem ? true : undefined}
          onChange={(event) => setId(event.target.value)}
        />
      </FormField>
      {problem && (
        <p id="household-id-error" className="utrecht-form-field-error-message">
          {problem}
        </p>
      )}
      <Button type="submit">Openen</Button>
    </form>
  );
}

function Households({ purpose }: { purpose: string }) {
  const [state] = useGatewayQuery<MyHouseholds>(MY_HOUSEHOLDS, purpose, undefined, purpose);
  if (state.status === 'loading') return <Loading what="Uw huishoudens" />;
  if (state.status === 'failed') return <Alert type="error">{state.message}</Alert>;
  const households = state.answer.data?.myHouseholds;
  if (!households) return <GatewayRefusal errors={state.answer.errors} />;
  if (households.length === 0) return <p className="utrecht-paragraph">U heeft nu geen actieve relatie met een huishouden.</p>;
  return (
    <ul className="app-household-list">
      {households.map((household) => (
        <li key={household.id}>
          <Link to={href(`/huishoudens/${encodeURIComponent(household.id)}`, { doel: purpose })}>
            {household.id}
            {household.address && `, ${[household.address.street, household.address.houseNumber].filter(Boolean).join(' ')}, ${household.address.city ?? ''}`}
          </Link>
          {household.members && <span className="app-muted"> ({household.members.length} personen)</span>}
        </li>
      ))}
    </ul>
  );
}

/** `/`: "Mijn huishoudens" (myHouseholds) and opening a household by id. */
export function HomePage({ person }: { person: SignedInPerson }) {
  const purpose = usePurpose(person);
  if (!purpose) return <PurposePicker person={person} />;
  return (
    <>
      <PageHeading title="Mijn huishoudens">Mijn huishoudens</PageHeading>
      <p className="utrecht-paragraph">
        Doel: <strong>{person.purposes.find((p) => p.id === purpose)?.name ?? purpose}</strong> ({purpose})
      </p>
      <section aria-labelledby="mine-heading" className="app-section">
        <h2 id="mine-heading" className="utrecht-heading-2">
          Huishoudens waar u bij betrokken bent
        </h2>
        <Households purpose={purpose} />
      </section>
      <OpenById purpose={purpose} />
    </>
  );
}
