import { dateText, enumText } from '../../text/dutch';
import { AgencyCard, MemberHeading } from '../AgencyCard';
import { Fact, Facts, orDash, yesNo } from '../Fact';
import type { Member } from '../householdQuery';

/** Veilig Thuis: the safety flag, shelter stays and reports, per member. */
export function SafetyCard({ members }: { members: readonly Member[] }) {
  return (
    <AgencyCard agency="veiligthuis">
      {members.map((member, index) => {
        const path = ['household', 'members', index];
        const stay = member.shelterStay;
        return (
          <div key={member.id}>
            <MemberHeading member={member} />
            <Facts>
              <Fact term="Veiligheidssignaal" path={[...path, 'safetyFlag']}>
                {member.safetyFlag ? 'ja: overleg met Veilig Thuis' : yesNo(member.safetyFlag)}
              </Fact>
              <Fact term="Opvang" path={[...path, 'shelterStay']}>
                {stay ? `${orDash(stay.shelter)} sinds ${dateText(stay.since)}${stay.withChildren === false ? ', zonder de kinderen' : stay.withChildren ? ', met de kinderen' : ''}` : 'geen opvang'}
              </Fact>
              <Fact term="Meldingen" path={[...path, 'safetyReports']}>
                {member.safetyReports?.length ? member.safetyReports.map((r) => `${enumText(r.kind)} (${enumText(r.status)}, ${dateText(r.receivedAt)})`).join('; ') : 'geen meldingen'}
              </Fact>
            </Facts>
          </div>
        );
      })}
    </AgencyCard>
  );
}
