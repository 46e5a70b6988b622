import { createHash } from 'node:crypto';

/** A supergraph's version as audit records and logs name it: SHA-256 of its text. */
export function supergraphVersion(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex');
}
