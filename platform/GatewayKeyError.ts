/**
 * The gateway's signing key (or a subgraph's copy of its public half) cannot be loaded.
 * Thrown at start-up; the message names the setting or file and the fix.
 */
export class GatewayKeyError extends Error {
  override readonly name = 'GatewayKeyError';

  constructor(
    /** The env variable or file at fault. */
    readonly setting: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${setting}: ${problem} Fix: ${fix}`);
  }
}
