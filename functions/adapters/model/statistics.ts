import { Entity } from 'electrodb';
import { counters } from '../../../core/statistics';
import { service } from './common';

/**
 * One cell of the statistics (issue 22.2): the counters of one year × district × kind, written by
 * the rollup (functions/services/statistics.ts). All cells share one partition, sorted by year, so
 * a year or a range of years is one Query however many projects the cells count.
 */
export const statisticsCell = new Entity({
  model: { entity: 'statcell', version: '1', service },
  attributes: {
    year: { type: 'number', required: true },
    districtId: { type: 'string', required: true },
    kind: { type: 'string', required: true },
    ...(Object.fromEntries(counters.map((c) => [c, { type: 'number', required: true, default: 0 }])) as Record<
      (typeof counters)[number],
      { type: 'number'; required: true; default: 0 }
    >),
    computedAt: { type: 'string', required: true },
  },
  indexes: {
    byYear: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['year', 'districtId', 'kind'] } },
  },
});

/**
 * A settled call's selection on-time counts (区级推荐, 形式审查, 专家评分) by district, kept by the
 * rollup once the call is established or failed: nothing of its selection can change after, so
 * its tasks are read once rather than every hour. A call still selecting has none.
 */
export const statisticsCall = new Entity({
  model: { entity: 'statcall', version: '1', service },
  attributes: {
    callId: { type: 'string', required: true },
    /** `{ [districtId]: Partial<Counts> }` of core/statistics.ts `selectionTaskCounts`. */
    byDistrict: { type: 'any', required: true },
    computedAt: { type: 'string', required: true },
  },
  indexes: {
    byCall: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['callId'] } },
  },
});
