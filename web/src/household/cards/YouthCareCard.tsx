import { dateText, enumText } from '../../text/dutch';
import { AgencyCard, MemberHeading } from '../AgencyCard';
import { Fact, Facts } from '../Fact';
import type { Member } from '../householdQuery';

/** Youth care and child protection: each member's measure. */
export function YouthCareCard({ members }: { members: readonly Member[] }) {
  return (
    <AgencyCard agency="jeugdzorg">
      {members.map((member, index) => {
        const care = member.youthCare;
        return (
          <div key={member.id}>
            <MemberHeading member={member} />
            <Facts>
              <Fact term="Maatregel" path={['household', 'members', index, 'youthCare']}>
                {care ? `${enumText(care.kind)}${care.placement ? `, ${enumText(care.placement)}` : ''}${care.underSupervisionOrder ? ', onder toezicht (OTS)' : ''}, sinds ${dateText(care.since)}` : 'geen maatregel'}
              </Fact>
            </Facts>
          </div>
        );
      })}
    </AgencyCard>
  );
}
