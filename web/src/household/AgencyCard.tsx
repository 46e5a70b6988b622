import type { ReactNode } from 'react';
import { agencyName } from '../text/dutch';
import { Alert } from '../ui/Alert';
import { useExplanations } from './Explanations';

/**
 * One agency's part of the household, on its own card named after the agency. When the
 * agency did not answer, the card says so and the rest of the page still shows.
 */
export function AgencyCard({ agency, children }: { agency: string; children: ReactNode }) {
  const { unavailable } = useExplanations();
  const name = agencyName(agency);
  const headingId = `card-${agency}`;
  return (
    <section className="app-card" aria-labelledby={headingId} data-agency={agency}>
      <h2 id={headingId} className="utrecht-heading-2 app-card__heading">
        {name}
      </h2>
      {unavailable.has(agency) ? (
        <Alert type="warning" heading={`${name} antwoordt nu niet`}>
          <p className="utrecht-paragraph">Dit deel van het huishouden ontbreekt daarom. Probeer het later opnieuw.</p>
        </Alert>
      ) : (
        children
      )}
    </section>
  );
}

/** A member's sub-heading inside a card; the id when the name is not shown. */
export function MemberHeading({ member }: { member: { id: string; name: string | null } }) {
  return <h3 className="utrecht-heading-4 app-member-heading">{member.name ?? member.id}</h3>;
}
