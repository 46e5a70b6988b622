/**
 * Opens a writing transaction that holds the chain: every instance's batch (and the prune)
 * takes this transaction-scoped advisory lock before it reads the chain's tail, so the
 * instances append to ONE chain, one batch after another, with no gap and no duplicate seq
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS). The key
 * is per schema, so separate logs in one database do not wait for each other. Committed
 * with `synchronous_commit = on`: COMMIT returns once the WAL is flushed
 * (https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT).
 * One simple-protocol query: one round trip.
 */
export const BEGIN_CHAIN_TRANSACTION =
  "BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock(hashtext('household-gateway-audit-chain:' || current_schema()))";

/** Migrations of the same schema wait for each other (two gateways starting at once). */
export const MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('household-gateway-audit-migrate:' || current_schema()))";
