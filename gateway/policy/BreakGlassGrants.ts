import { BREAK_GLASS_JUSTIFICATION } from '../../audit/AuditRecord';

/** The header a professional sends, with the justification, to open a subject without a relation. */
export const BREAK_GLASS_HEADER = 'x-break-glass';

export interface BreakGlassGrant {
  justification: string;
  /** When the access ends (ms since the epoch). */
  until: number;
}

/**
 * Break-glass accesses in force: professional × purpose × data subject → the justification
 * and when it ends. Kept in this process only, on purpose: the audit log holds every use of
 * it (outcome BREAK_GLASS with the justification); a restart or another gateway instance
 * asks for the header again (fail closed), never grants more.
 */
export class BreakGlassGrants {
  private readonly grants = new Map<string, BreakGlassGrant>();

  constructor(private readonly now: () => number) {}

  private static key(sub: string, purpose: string, type: string, id: string): string {
    return JSON.stringify([sub, purpose, type, id]);
  }

  /** Opens (or renews) the subjects for `hours` from now. */
  grant(sub: string, purpose: string, subjects: ReadonlyArray<{ type: string; id: string }>, justification: string, hours: number): BreakGlassGrant {
    const grant = { justification, until: this.now() + hours * 3_600_000 };
    for (const s of subjects) this.grants.set(BreakGlassGrants.key(sub, purpose, s.type, s.id), grant);
    this.sweep();
    return grant;
  }

  /** The grant in force for this subject, if any. */
  find(sub: string, purpose: string, type: string, id: string): BreakGlassGrant | undefined {
    const key = BreakGlassGrants.key(sub, purpose, type, id);
    const grant = this.grants.get(key);
    if (grant && grant.until <= this.now()) {
      this.grants.delete(key);
      return undefined;
    }
    return grant;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, grant] of this.grants) if (grant.until <= now) this.grants.delete(key);
  }
}

/**
 * The justification in `X-Break-Glass`, trimmed; `undefined` without the header; `null` when
 * it is outside the bounds (too short to review, or long enough to hold a file).
 */
export function breakGlassJustification(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  const raw = (Array.isArray(header) ? header.join(' ') : header).trim();
  // A header carries Latin-1; apps percent-encode other text (encodeURIComponent).
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const { minLength, maxLength } = BREAK_GLASS_JUSTIFICATION;
  // eslint-disable-next-line no-control-regex
  if (text.length < minLength || text.length > maxLength || /[\u0000-\u001f\u007f]/.test(text)) return null;
  return text;
}
