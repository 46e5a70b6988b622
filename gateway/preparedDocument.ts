import type { DocumentNode } from 'graphql';

/**
 * The document a `prepareOperation` hook asked the gateway to plan instead of the
 * client's (e.g. with forbidden fields removed), per request. Keyed by the context object
 * Apollo hands both the plugin and the gateway executor, so it lives exactly as long as
 * the request and is invisible to everything else.
 */
const prepared = new WeakMap<object, DocumentNode>();

export function setPreparedDocument(context: object, document: DocumentNode): void {
  prepared.set(context, document);
}

export function preparedDocument(context: object): DocumentNode | undefined {
  return prepared.get(context);
}
