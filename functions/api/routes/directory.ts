import { createRoute, z } from '@hono/zod-openapi';
import { importRowsInput } from '../../../core/directory-sheets';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, json, problemResponses } from '../schemas';

const Problem = z.object({ column: z.string(), message: z.string() });
const ImportReport = z
  .object({
    valid: z.boolean(),
    applied: z.boolean(),
    counts: z.object({ create: z.number(), change: z.number(), unchanged: z.number(), refuse: z.number() }),
    headerProblems: z.array(z.object({ sheet: z.string(), column: z.string(), problem: z.enum(['missing-column', 'unknown-column']) })),
    rows: z.array(
      z.object({
        sheet: z.enum(['organisations', 'people', 'experts']),
        row: z.number(),
        label: z.string(),
        action: z.enum(['create', 'change', 'unchanged', 'refuse']),
        changed: z.array(z.string()),
        problems: z.array(Problem),
      }),
    ),
  })
  .openapi('DirectoryImportReport');

/**
 * The directory's bulk import as JSON: the three sheets' rows, keyed by the template's column keys
 * (the web page reads the same rows out of the Excel workbook). A dry run reports per row what
 * would be created, changed or refused; the import writes only a file valid as a whole.
 */
export const directory = router().openapi(
  createRoute({
    method: 'post',
    path: '/directory/imports',
    summary: 'Import organisations, people and experts; `dryRun=true` only reports (city office)',
    security: bearer,
    middleware: [requireActor, requireRole('city-admin')] as const,
    request: {
      query: z.strictObject({ dryRun: z.enum(['true', 'false']).default('true') }),
      body: jsonBody(importRowsInput),
    },
    responses: { 200: json(ImportReport, 'what the import did, or would do, per row'), ...problemResponses(401, 403, 422) },
  }),
  async (c) => {
    // Loaded on the first import: the planner and the services it writes through are not every request's.
    const { importDirectory } = await import('../../services/directory-import');
    const report = await importDirectory(c.get('actor'), c.req.valid('json'), { dryRun: c.req.valid('query').dryRun === 'true' });
    return c.json(
      { ...report, rows: report.rows.map((r) => ({ ...r, problems: r.problems.map(({ column, message }) => ({ column, message })) })) },
      200,
    );
  },
);
