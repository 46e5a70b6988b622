import type DataLoader from 'dataloader';
import type { SubgraphContext } from './AgencyDefinition';

type Resolver<TLoaders> = (parent: { id: string }, args: unknown, ctx: SubgraphContext<TLoaders>) => Promise<unknown>;

/**
 * Resolvers for fields an agency adds to an entity it does not own: each field is one
 * batched loader keyed on the entity's id, e.g. `Person.debtCase` → `loaders.debtCase`.
 */
export function loaderFields<TLoaders extends Record<string, DataLoader<string, unknown>>>(
  fields: ReadonlyArray<keyof TLoaders & string>,
): Record<string, Resolver<TLoaders>> {
  const resolvers: Record<string, Resolver<TLoaders>> = {};
  for (const field of fields) {
    resolvers[field] = (parent, _args, ctx) => ctx.loaders[field]!.load(parent.id);
  }
  return resolvers;
}

/** Amounts are stored in whole cents (no float rounding in SQL) and served in euros. */
export function euros(cents: unknown): number {
  return Number(cents) / 100;
}

export function cents(euros: number): number {
  return Math.round(euros * 100);
}
