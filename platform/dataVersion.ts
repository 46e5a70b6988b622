/*
 * A subgraph's data version (subgraphs/kit/Store.ts `dataVersion`): an opaque text that
 * changes whenever the subgraph's data may have changed. The gateway keeps a need-to-know
 * answer for as long as the version it was read at is still the subgraph's version
 * (gateway/policy/DataVersionWatch.ts), instead of asking again on every request.
 */

/** Response header of a caller route (e.g. `/caller-access`): the version its answer was read at. */
export const DATA_VERSION_HEADER = 'x-data-version';

/** A subgraph's route answering `{ "version": "<text>" }`, to the gateway only. */
export const DATA_VERSION_ROUTE = '/data-version';

/**
 * Whom the gateway's token names when it polls a data version: the gateway itself, for
 * no person's purpose. Such a token opens `DATA_VERSION_ROUTE` and nothing else: the
 * subgraph kit refuses it (401) on GraphQL and on every other route.
 */
export const DATA_VERSION_POLLER = { sub: 'gateway', org: 'gateway', role: 'gateway', purpose: 'data-version' } as const;

/** Well-formed versions only: anything else from the network is treated as "unknown". */
export const DATA_VERSION_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
