import { dateText, enumText, money } from '../../text/dutch';
import { AgencyCard } from '../AgencyCard';
import { Fact, Facts, orDash } from '../Fact';
import type { Household } from '../householdQuery';

/** The housing corporation: tenancy and the housing-urgency application. */
export function HousingCard({ household }: { household: Household }) {
  const { tenancy, urgencyApplication: urgency } = household;
  return (
    <AgencyCard agency="wonen">
      <Facts>
        <Fact term="Huur" path={['household', 'tenancy']}>
          {tenancy ? `${enumText(tenancy.status)} bij ${orDash(tenancy.landlord)}${tenancy.endDate ? `, beëindigd op ${dateText(tenancy.endDate)}` : ''}` : 'geen huurcontract bekend'}
        </Fact>
        {tenancy && (
          <>
            <Fact term="Huurachterstand of restschuld" path={['household', 'tenancy', 'rentArrears']}>
              {money(tenancy.rentArrears)}
              {tenancy.arrearsMonths ? ` (${tenancy.arrearsMonths} maanden)` : ''}
            </Fact>
            <Fact term="Ontruiming" path={['household', 'tenancy', 'eviction']}>
              {enumText(tenancy.eviction)}
            </Fact>
          </>
        )}
        <Fact term="Aanvraag urgentie" path={['household', 'urgencyApplication']}>
          {urgency ? `${enumText(urgency.status)}${urgency.decidedAt ? ` op ${dateText(urgency.decidedAt)}` : ''}` : 'geen aanvraag'}
        </Fact>
        {urgency?.decisionReason && (
          <Fact term="Reden van het besluit" path={['household', 'urgencyApplication', 'decisionReason']}>
            {urgency.decisionReason}
          </Fact>
        )}
      </Facts>
    </AgencyCard>
  );
}
