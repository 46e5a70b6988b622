/** Why a declared purpose cannot be used (docs/domain.md, Public interface: error codes). */
export type PurposeErrorCode = 'PURPOSE_REQUIRED' | 'PURPOSE_NOT_PERMITTED';

export class PurposeError extends Error {
  constructor(
    readonly code: PurposeErrorCode,
    readonly role: string,
    readonly purpose: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'PurposeError';
  }
}
