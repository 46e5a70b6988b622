import type { CitizenAccess } from './describeAccess';

/** Looks in a row that only differ in their time: one line "n keer" reads better than n lines. */
export interface LookGroup {
  first: CitizenAccess;
  /** The earliest `at` of the group (looks come newest first). */
  earliestAt: string | null;
  count: number;
}

function sameKind(a: CitizenAccess, b: CitizenAccess): boolean {
  return (
    (a.at ?? '').slice(0, 10) === (b.at ?? '').slice(0, 10) &&
    a.org === b.org &&
    a.role === b.role &&
    a.purpose === b.purpose &&
    Boolean(a.breakGlass) === Boolean(b.breakGlass) &&
    [...(a.labels ?? [])].sort().join() === [...(b.labels ?? [])].sort().join()
  );
}

/** Groups consecutive looks of the same day, organisation, role, purpose and kinds of data. */
export function groupLooks(looks: readonly CitizenAccess[]): LookGroup[] {
  const groups: LookGroup[] = [];
  for (const look of looks) {
    const last = groups[groups.length - 1];
    if (last && sameKind(last.first, look)) {
      last.count += 1;
      last.earliestAt = look.at;
    } else groups.push({ first: look, earliestAt: look.at, count: 1 });
  }
  return groups;
}
