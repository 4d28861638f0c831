import { createRoute, z } from '@hono/zod-openapi';
import { projectImportInput } from '../../../core/project-import-input';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, json, problemResponses } from '../schemas';

const ProjectImportReport = z
  .object({
    valid: z.boolean(),
    applied: z.boolean(),
    fileName: z.string(),
    counts: z.object({ create: z.number(), unchanged: z.number(), refuse: z.number() }),
    headerProblems: z.array(z.object({ column: z.string(), problem: z.enum(['missing-column', 'unknown-column']) })),
    rows: z.array(
      z.object({
        row: z.number(),
        label: z.string(),
        action: z.enum(['create', 'unchanged', 'refuse']),
        problems: z.array(z.object({ column: z.string(), message: z.string() })),
      }),
    ),
  })
  .openapi('ProjectImportReport');

/**
 * The import of projects established before shenbao (issue 22.5) as JSON: the file's name and the
 * rows of its 立项项目 sheet keyed by the template's column keys (the office's page reads them out of
 * the Excel workbook). A dry run reports per row what would be created or refused; the import writes
 * only a file valid as a whole, and a row already imported creates nothing.
 */
export const projectImports = router().openapi(
  createRoute({
    method: 'post',
    path: '/project-imports',
    summary: 'Import projects established before shenbao; `dryRun=true` only reports (city office)',
    security: bearer,
    middleware: [requireActor, requireRole('city-admin')] as const,
    request: {
      query: z.strictObject({ dryRun: z.enum(['true', 'false']).default('true') }),
      body: jsonBody(projectImportInput),
    },
    responses: { 200: json(ProjectImportReport, 'what the import did, or would do, per row'), ...problemResponses(401, 403, 422) },
  }),
  async (c) => {
    const { importProjects } = await import('../../services/project-import');
    const report = await importProjects(c.get('actor'), c.req.valid('json'), { dryRun: c.req.valid('query').dryRun === 'true' });
    return c.json(
      { ...report, rows: report.rows.map((r) => ({ ...r, problems: r.problems.map(({ column, message }) => ({ column, message })) })) },
      200,
    );
  },
);
