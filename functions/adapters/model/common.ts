/**
 * The single-table model. Index names say the access pattern they serve; every list the API or
 * the sweep serves is a Query on one of them. The entities are kept by aggregate in this folder;
 * functions/adapters/entities.ts binds them to the table (`store()`) and names their item types.
 */
export const service = 'shenbao';

/**
 * The sweep's index (gsi4) is sparse and kept by hand rather than by ElectroDB: an item is in it
 * only while it carries `sweepQueue` (gsi4pk: 'task', 'call' or 'intent') and `sweepAt` (gsi4sk: when the
 * sweep must next look at it), and leaves it when those are removed — so a sweep Queries
 * `sweepAt <= now` and reads only what is due.
 */
export const sweepAttributes = {
  sweepQueue: { type: ['task', 'call', 'intent'] as const, field: 'gsi4pk' },
  sweepAt: { type: 'string', field: 'gsi4sk' },
} as const;
