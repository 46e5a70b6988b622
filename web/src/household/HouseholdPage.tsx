import { useState } from 'react';
import type { GatewayError } from '../api/gatewayClient';
import { useGatewayQuery } from '../api/useGatewayQuery';
import { PurposePicker } from '../caseWorker/PurposePicker';
import { usePurpose } from '../caseWorker/usePurpose';
import { Link } from '../routing/Link';
import { href } from '../routing/router';
import type { SignedInPerson } from '../session/sessionStore';
import { agencyName } from '../text/dutch';
import { Alert } from '../ui/Alert';
import { GatewayRefusal } from '../ui/GatewayRefusal';
import { Loading } from '../ui/Loading';
import { PageHeading } from '../ui/PageHeading';
import { DebtCard } from './cards/DebtCard';
import { HousingCard } from './cards/HousingCard';
import { IncomeCard } from './cards/IncomeCard';
import { MunicipalityCard } from './cards/MunicipalityCard';
import { SafetyCard } from './cards/SafetyCard';
import { YouthCareCard } from './cards/YouthCareCard';
import { BlockagesSection } from './BlockagesSection';
import { BreakGlassForm } from './BreakGlassForm';
import { ExplanationsContext, explain } from './Explanations';
import { HOUSEHOLD_VIEW, type Household, type HouseholdView } from './householdQuery';

function View({ household, purpose, errors }: { household: Household; purpose: string; errors: Parameters<typeof explain>[0] }) {
  const explanations = explain(errors);
  const members = household.members ?? [];
  // The blockages are a computed view, not a part of an agency's card: not counted here.
  const redactions = [...explanations.redacted.keys()].filter((path) => path !== 'household.blockages').length;
  return (
    <ExplanationsContext.Provider value={explanations}>
      {redactions > 0 && (
        <p className="utrecht-paragraph app-muted">
          Voor doel {purpose} zijn {redactions} onderdelen afgeschermd; op hun plaats staat waarom.
        </p>
      )}
      <BlockagesSection blockages={household.blockages} />
      <div className="app-cards">
        <MunicipalityCard household={household} />
        <DebtCard members={members} />
        <HousingCard household={household} />
        <SafetyCard members={members} />
        <YouthCareCard members={members} />
        <IncomeCard members={members} />
      </div>
    </ExplanationsContext.Provider>
  );
}

function Answer({ id, purpose, breakGlassHours }: { id: string; purpose: string; breakGlassHours: number | undefined }) {
  const [state] = useGatewayQuery<HouseholdView>(HOUSEHOLD_VIEW, purpose, { id }, `${id}\n${purpose}`);
  const [opened, setOpened] = useState<{ household: Household; errors: GatewayError[]; justification: string } | null>(null);
  if (opened) {
    return (
      <>
        <Alert type="warning" heading="Geopend met spoedtoegang">
          <p className="utrecht-paragraph">
            Reden: “{opened.justification}”. Deze toegang is vastgelegd en wordt beoordeeld; hij geldt {breakGlassHours} uur.
          </p>
        </Alert>
        <View household={opened.household} purpose={purpose} errors={opened.errors} />
      </>
    );
  }
  if (state.status === 'loading') return <Loading what="De gegevens van het huishouden" />;
  if (state.status === 'failed') return <Alert type="error">{state.message}</Alert>;
  const { data, errors } = state.answer;
  const household = data?.household;
  if (household) return <View household={household} purpose={purpose} errors={errors} />;
  // No household: the root field's agency did not answer, or the gateway refused (FORBIDDEN
  // looks the same for an unknown id as for one without a relation), or it is unknown.
  const down = errors.find((error) => error.extensions?.code === 'AGENCY_UNAVAILABLE');
  if (down) {
    return (
      <Alert type="warning" heading={`${agencyName(down.extensions?.agency ?? '')} antwoordt nu niet`}>
        <p className="utrecht-paragraph">Daarom kan het huishouden nu niet worden getoond. Probeer het later opnieuw.</p>
      </Alert>
    );
  }
  // A purpose that may break the glass is offered it where the refusal is for want of a relation.
  const refusedForRelation = errors.some((error) => error.extensions?.code === 'FORBIDDEN');
  if (errors.length > 0) {
    return (
      <>
        <GatewayRefusal errors={errors} />
        {refusedForRelation && breakGlassHours !== undefined && (
          <BreakGlassForm id={id} purpose={purpose} hours={breakGlassHours} onOpened={(household, openedErrors, justification) => setOpened({ household, errors: openedErrors, justification })} />
        )}
      </>
    );
  }
  return <Alert type="info">Dit huishouden is niet gevonden.</Alert>;
}

/** `/huishoudens/<id>`: one household, each agency's part on its own card. */
export function HouseholdPage({ person, id }: { person: SignedInPerson; id: string }) {
  const purpose = usePurpose(person);
  if (!purpose) return <PurposePicker person={person} />;
  return (
    <>
      <p className="app-breadcrumb">
        <Link to={href('/', { doel: purpose })}>Mijn huishoudens</Link>
      </p>
      <PageHeading title={`Huishouden ${id}`}>Huishouden {id}</PageHeading>
      <p className="utrecht-paragraph">
        Doel: <strong>{purpose}</strong>. U ziet alleen wat dit doel nodig heeft.
      </p>
      <Answer id={id} purpose={purpose} breakGlassHours={person.purposes.find((p) => p.id === purpose)?.breakGlassHours} />
    </>
  );
}
