import { createRoute, z } from '@hono/zod-openapi';
import { counters, statisticsQuery } from '../../../core/statistics';
import { rollupStatistics, statisticsView } from '../../services/statistics';
import { statisticsWorkbook } from '../../services/statistics-workbook';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, json, problemResponses } from '../schemas';

const counts = Object.fromEntries(counters.map((c) => [c, z.number().int()])) as Record<(typeof counters)[number], z.ZodNumber>;
const rates = {
  kpiRate: z.number().nullable(),
  midtermOnTimeRate: z.number().nullable(),
  acceptanceOnTimeRate: z.number().nullable(),
  recommendationOnTimeRate: z.number().nullable(),
  formalReviewOnTimeRate: z.number().nullable(),
  scoringOnTimeRate: z.number().nullable(),
  establishedRate: z.number().nullable(),
};
const StatisticsRow = z.object({ ...counts, ...rates }).openapi('StatisticsRow', {
  description: 'Counts, rates in percent (null where nothing counted), and money in integer 分 (grantedFen, paidFen)',
});
const Statistics = z
  .object({
    computedAt: z.string().nullable().meta({ description: 'when the rollup last counted these cells; null before the first rollup' }),
    filters: z.object({
      year: z.number().nullable(),
      toYear: z.number().nullable(),
      districtId: z.string().nullable(),
      kind: z.string().nullable(),
    }),
    total: StatisticsRow,
    byYear: z.array(StatisticsRow.extend({ year: z.number() })),
    byDistrict: z.array(StatisticsRow.extend({ districtId: z.string(), districtName: z.string() })),
    byKind: z.array(StatisticsRow.extend({ kind: z.string(), kindName: z.string() })),
    cells: z.array(
      StatisticsRow.extend({ year: z.number(), districtId: z.string(), districtName: z.string(), kind: z.string(), kindName: z.string() }),
    ),
  })
  .openapi('Statistics');
const Rollup = z.object({
  computedAt: z.string(),
  years: z.array(z.number()),
  itemsRead: z.number().int(),
  tasksRead: z.number().int().meta({ description: 'of itemsRead, the selection tasks read: a settled call’s are kept after one reading' }),
  cellsWritten: z.number().int(),
  backfilled: z.number().int().meta({
    description: 'projects established before the portfolio’s keys existed, given their year, batch and next due date by this rollup',
  }),
});

/**
 * Statistics (issue 22.2, 23.5) per year × district × kind from the rollup's cells (functions/services/statistics.ts):
 * the office sees the city, a district bureau its own district.
 */
export const statistics = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/statistics',
      summary:
        'Statistics per year × district × kind: declared, recommended, established, in construction, accepted by grade, failed, terminated, named; KPI attainment; on-time rates of the mid-term report, the acceptance application, the district recommendation, the formal review and the expert scoring; grants and payments in 分 (office: the city; district bureau: its district)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin', 'district-reviewer')] as const,
      request: { query: statisticsQuery },
      responses: { 200: json(Statistics, 'the statistics'), ...problemResponses(401, 403, 422) },
    }),
    async (c) => c.json(await statisticsView(c.get('actor'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/statistics/export',
      summary:
        'The statistics as an Excel workbook: one sheet per table, Chinese headers, numbers as numbers, money in 元 with a currency format',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin', 'district-reviewer')] as const,
      request: { query: statisticsQuery },
      responses: {
        200: {
          description: 'the workbook',
          content: {
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        ...problemResponses(401, 403, 422),
      },
    }),
    async (c) => {
      const { fileName, bytes } = await statisticsWorkbook(c.get('actor'), c.req.valid('query'));
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${fileName}"`,
      });
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/statistics/rollup',
      summary: 'Recount the statistics now rather than at the sweep’s next hourly rollup (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { body: jsonBody(z.strictObject({})) },
      responses: { 200: json(Rollup, 'what the rollup read and wrote'), ...problemResponses(401, 403, 422) },
    }),
    async (c) => c.json(await rollupStatistics(), 200),
  );
