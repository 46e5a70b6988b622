import { createHash } from 'node:crypto';
import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import { getOperationAST, print, type DocumentNode } from 'graphql';
import { preparedDocument } from './preparedDocument';

type Executor = ApolloGateway['executor'];
type GatewayRequestContext = Parameters<Executor>[0];

/**
 * Apollo Gateway that plans and executes the document a `prepareOperation` hook
 * prepared, when there is one, instead of the client's. This is the slot where the policy
 * layer sits in front of query planning: a field removed here is never asked of any
 * subgraph. The query-plan cache is keyed by the prepared document's own hash, so two
 * callers with different permissions never share a plan.
 */
export class PreparedDocumentGateway extends ApolloGateway {
  constructor(config: GatewayConfig) {
    super(config);
    const execute: Executor = this.executor;
    this.executor = (requestContext) => execute(withPreparedDocument(requestContext));
  }
}

// Prepared documents are reused across requests (the policy layer caches them), so their
// text and hash are computed once per document, not once per request.
const printed = new WeakMap<DocumentNode, { source: string; queryHash: string }>();

function printedDocument(document: DocumentNode): { source: string; queryHash: string } {
  let entry = printed.get(document);
  if (!entry) {
    const source = print(document);
    entry = { source, queryHash: createHash('sha256').update(source).digest('hex') };
    printed.set(document, entry);
  }
  return entry;
}

function withPreparedDocument(requestContext: GatewayRequestContext): GatewayRequestContext {
  const document = preparedDocument(requestContext.context);
  if (!document) return requestContext;
  const operation = getOperationAST(document, requestContext.operationName);
  if (!operation) throw new Error('The prepared document lost the requested operation');
  return { ...requestContext, document, operation, ...printedDocument(document) };
}
