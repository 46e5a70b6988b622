import { enumText, money } from '../../text/dutch';
import { AgencyCard, MemberHeading } from '../AgencyCard';
import { Fact, Facts, orDash } from '../Fact';
import type { Member } from '../householdQuery';

/** Debt counselling: each member's debt file. */
export function DebtCard({ members }: { members: readonly Member[] }) {
  return (
    <AgencyCard agency="schuldhulp">
      {members.map((member, index) => {
        const path = ['household', 'members', index, 'debtCase'];
        const debt = member.debtCase;
        return (
          <div key={member.id}>
            <MemberHeading member={member} />
            <Facts>
              <Fact term="Dossier" path={path}>
                {debt ? enumText(debt.status) : 'geen dossier'}
              </Fact>
              {debt && (
                <>
                  <Fact term="Reden van afwijzing" path={[...path, 'refusalReason']}>
                    {orDash(debt.refusalReason)}
                  </Fact>
                  <Fact term="Totale schuld" path={[...path, 'totalDebt']}>
                    {money(debt.totalDebt)}
                  </Fact>
                  <Fact term="Schuldeisers" path={[...path, 'creditors']}>
                    {debt.creditors?.length ? debt.creditors.map((c) => `${orDash(c.name)} (${money(c.amount)})`).join('; ') : '—'}
                  </Fact>
                </>
              )}
            </Facts>
          </div>
        );
      })}
    </AgencyCard>
  );
}
