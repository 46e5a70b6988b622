import type { SignedInPerson } from '../session/sessionStore';

/** Where a person starts: citizens on their own page, privacy officers in the console, professionals at their households. */
export function homeFor(person: SignedInPerson): string {
  const purposes = person.purposes.map((p) => p.id);
  if (purposes.includes('inzage')) return '/mijn-gegevens';
  if (purposes.includes('toezicht')) return '/toezicht';
  return '/';
}
