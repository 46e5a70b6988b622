import { enumText, money } from '../../text/dutch';
import { AgencyCard, MemberHeading } from '../AgencyCard';
import { Fact, Facts, orDash } from '../Fact';
import type { Member } from '../householdQuery';

/** Income: benefits and early-warning signals of payment arrears, per member. */
export function IncomeCard({ members }: { members: readonly Member[] }) {
  return (
    <AgencyCard agency="inkomen">
      {members.map((member, index) => {
        const path = ['household', 'members', index];
        return (
          <div key={member.id}>
            <MemberHeading member={member} />
            <Facts>
              <Fact term="Uitkeringen en toeslagen" path={[...path, 'benefits']}>
                {member.benefits?.length ? member.benefits.map((b) => `${enumText(b.kind)} (${money(b.monthlyAmount)} per maand)`).join('; ') : 'geen'}
              </Fact>
              <Fact term="Betalingsachterstanden" path={[...path, 'paymentArrears']}>
                {member.paymentArrears?.length ? member.paymentArrears.map((a) => `${enumText(a.kind)} bij ${orDash(a.creditor)}: ${money(a.amount)}, ${orDash(a.months)} maanden`).join('; ') : 'geen signalen'}
              </Fact>
            </Facts>
          </div>
        );
      })}
    </AgencyCard>
  );
}
