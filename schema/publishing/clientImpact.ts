import { Supergraph } from '@apollo/federation-internals';
import { findBreakingChanges, findDangerousChanges, type GraphQLSchema } from 'graphql';
import type { ClientChange } from './CheckReport';

/** The schema clients see: the supergraph without the federation machinery and @inaccessible parts. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

/**
 * What the change does to clients: breaking changes (a removed field, a changed type)
 * fail a query that works today; dangerous ones may change what it means.
 */
export function clientImpact(before: GraphQLSchema | null, after: GraphQLSchema): { breaking: ClientChange[]; dangerous: ClientChange[] } {
  if (before === null) return { breaking: [], dangerous: [] };
  const shape = (changes: Array<{ type: string; description: string }>) => changes.map(({ type, description }) => ({ type, description }));
  return { breaking: shape(findBreakingChanges(before, after)), dangerous: shape(findDangerousChanges(before, after)) };
}
