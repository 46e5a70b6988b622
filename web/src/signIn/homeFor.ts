import type { SignedInPerson } from '../session/sessionStore';

/** Where a person starts: citizens on their own page, privacy officers in the console, early-signal workers at their queue, professionals at their households. */
export function homeFor(person: SignedInPerson): string {
  const purposes = person.purposes.map((p) => p.id);
  if (purposes.includes('inzage')) return '/mijn-gegevens';
  if (purposes.includes('toezicht')) return '/toezicht';
  if (purposes.includes('vroegsignalering')) return '/signalen';
  return '/';
}
