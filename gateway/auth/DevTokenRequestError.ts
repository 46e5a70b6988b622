/** The fields of a development-token request that can be wrong. */
export type DevTokenField = 'sub' | 'role' | 'org' | 'name' | 'ttlSeconds';

/** Thrown for a request that cannot become a token (empty sub, unknown role without org, bad ttl). */
export class DevTokenRequestError extends Error {
  override readonly name = 'DevTokenRequestError';

  constructor(
    readonly field: DevTokenField,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
