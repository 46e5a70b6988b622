/**
 * The gateway cannot check tokens with the settings it was given. Thrown at start-up so a
 * misconfigured gateway never serves a request; the message names the setting and the fix.
 */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';

  constructor(
    /** The setting at fault, e.g. `JWT_JWKS_URL` (the env variable, or the option name). */
    readonly setting: string,
    /** What is wrong, without secret values. */
    readonly problem: string,
    /** What the operator should do. */
    readonly fix: string,
  ) {
    super(`${setting}: ${problem} Fix: ${fix}`);
  }
}
