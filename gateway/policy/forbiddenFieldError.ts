import { GraphQLError } from 'graphql';

export interface ForbiddenFieldContext {
  path: ReadonlyArray<string | number>;
  /** `Type.field`. */
  coordinate: string;
  label: string;
  purpose: string;
}

/**
 * A field withheld by data minimisation (GDPR art. 5(1)(c)). Like CASL's ForbiddenError
 * it carries what was refused and why, so a client can explain it to a case worker.
 */
export function forbiddenFieldError(context: ForbiddenFieldContext): GraphQLError {
  return new GraphQLError(
    `Not shown: ${context.coordinate} holds "${context.label}" data, which the purpose "${context.purpose}" does not permit. ` +
      'Leave the field out, or ask with a purpose your role has that covers this kind of data.',
    {
      path: context.path,
      extensions: { code: 'FORBIDDEN_FIELD', path: context.path, field: context.coordinate, label: context.label, purpose: context.purpose },
    },
  );
}
