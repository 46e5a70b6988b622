/**
 * The registry file (`schema/subgraphs.yaml`) cannot be used: unreadable, not YAML, or an
 * entry that makes no sense. Names the file, the place in it and what to do; nothing
 * reads a registry it could not check.
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';

  constructor(
    readonly file: string,
    readonly at: string,
    readonly reason: string,
  ) {
    super(`${file}: ${at}: ${reason}`);
  }
}
