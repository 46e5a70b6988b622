/**
 * Who is calling, as asserted by their verified token (docs/domain.md, "Public interface").
 * For a `burger` (citizen), `sub` is their person id.
 */
export interface Identity {
  sub: string;
  name: string;
  org: string;
  role: string;
}

export const IDENTITY_CLAIMS = ['sub', 'name', 'org', 'role'] as const satisfies readonly (keyof Identity)[];
