/** A policy file that cannot be trusted: the gateway refuses to start rather than guess. */
export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly at: string,
    readonly reason: string,
  ) {
    super(`${file}: ${at}: ${reason}`);
    this.name = 'PolicyError';
  }
}
