import { createRoute, z } from '@hono/zod-openapi';
import { assignExpertsInput, endProjectInput, siteVisitInput, taskBookInput, yearlyActualsInput } from '../../../core/schemas';
import { adjustTaskBook, taskBookView } from '../../services/task-book';
import { reportYearlyActuals } from '../../services/yearly-actuals';
import { acceptanceScoresOf, assignAcceptanceExperts, recordSiteVisit } from '../../services/acceptance';
import { endProject, projectView } from '../../services/projects';
import { revokeTitle } from '../../services/titles';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { PortfolioRow, ProjectView, TaskBookView } from '../project-schemas';
import { bearer, idParam, json, page, problemResponses, Task } from '../schemas';
import { portfolioQuery } from '../../../core/portfolio';
import { listPortfolio } from '../../services/portfolio';

const projectPath = { params: z.object({ id: idParam('id') }) };

/**
 * An established project (its id is its declaration's) through construction and acceptance:
 * milestones and KPIs, acceptance experts and site visits, withdrawal and termination. Reports and
 * results are decisions on tasks (POST /tasks/{taskId}/decision), as in the selection.
 */
export const projects = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects',
      summary:
        'The portfolio: every project I may see across calls and years (office: all; district: its own; applicant: its organisation’s; expert: none), by next due date, filtered; a filtered page may come back short with a cursor to read on',
      security: bearer,
      middleware: [requireActor] as const,
      request: { query: portfolioQuery },
      responses: { 200: json(page(PortfolioRow), 'a page of projects'), ...problemResponses(401, 422) },
    }),
    async (c) => c.json(await listPortfolio(c.get('actor'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}',
      summary: 'A project: phase and stage, milestones and due dates, KPI targets against actuals (met, shortfall), results, open tasks',
      security: bearer,
      middleware: [requireActor] as const,
      request: projectPath,
      responses: { 200: json(ProjectView, 'the project'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json((await projectView(c.get('actor'), c.req.valid('param').id)) as z.infer<typeof ProjectView>, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/experts',
      summary: 'Assign acceptance experts (or, with none named, the proposal), respecting 回避 (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(assignExpertsInput) },
      responses: {
        200: json(z.object({ task: Task, experts: z.array(z.string()), reviewDueAt: z.string() }), 'the assignment'),
        ...problemResponses(401, 403, 404, 409, 422, 503),
      },
    }),
    async (c) => c.json(await assignAcceptanceExperts(c.get('actor'), c.req.valid('param').id, c.req.valid('json').experts), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/scores',
      summary: 'Acceptance score sheets: all for the city office; for an expert, others’ only after their own',
      security: bearer,
      middleware: [requireActor] as const,
      request: projectPath,
      responses: {
        200: json(z.object({ items: z.array(z.unknown()), score: z.unknown() }).passthrough(), 'score sheets'),
        ...problemResponses(401, 404, 422),
      },
    }),
    async (c) => c.json(await acceptanceScoresOf(c.get('actor'), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/site-visits',
      summary: 'Record a site visit (实地考察) during assessment (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(siteVisitInput) },
      responses: {
        201: json(
          z.object({
            visitedAt: z.string(),
            visitors: z.array(z.string()),
            findings: z.string(),
            recordedBy: z.string(),
            recordedAt: z.string(),
          }),
          'the visit',
        ),
        ...problemResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) => c.json(await recordSiteVisit(c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/withdraw',
      summary: 'Withdraw (撤回) the project at any point of construction or acceptance, with the reason (its applicant)',
      security: bearer,
      middleware: [requireActor, requireRole('applicant')] as const,
      request: { ...projectPath, body: jsonBody(endProjectInput) },
      responses: { 200: json(ProjectView, 'the withdrawn project'), ...problemResponses(401, 403, 404, 409, 422, 503) },
    }),
    async (c) =>
      c.json(
        (await endProject(c.get('actor'), c.req.valid('param').id, 'withdraw', c.req.valid('json').reason)) as z.infer<typeof ProjectView>,
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/terminate',
      summary: 'Terminate (终止) the project at any point of construction or acceptance, with the reason (city office)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(endProjectInput) },
      responses: { 200: json(ProjectView, 'the terminated project'), ...problemResponses(401, 403, 404, 409, 422, 503) },
    }),
    async (c) =>
      c.json(
        (await endProject(c.get('actor'), c.req.valid('param').id, 'terminate', c.req.valid('json').reason)) as z.infer<typeof ProjectView>,
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/title/revocation',
      summary: 'Revoke (撤销命名) the project’s title outside a 复核, with the reason (city office); a title already revoked is 409',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(endProjectInput) },
      responses: {
        200: json(z.object({}).passthrough().openapi('NamedTitle'), 'the revoked title'),
        ...problemResponses(401, 403, 404, 409, 422),
      },
    }),
    async (c) =>
      c.json((await revokeTitle(c.get('actor'), c.req.valid('param').id, c.req.valid('json').reason)) as Record<string, unknown>, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/projects/{id}/task-book',
      summary:
        'The task book (任务书): every version of the targets, the confirmed one (checked at mid-term and acceptance), the open confirmation',
      security: bearer,
      middleware: [requireActor] as const,
      request: projectPath,
      responses: { 200: json(TaskBookView, 'the task book'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json((await taskBookView(c.get('actor'), c.req.valid('param').id)) as z.infer<typeof TaskBookView>, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/projects/{id}/task-book',
      summary:
        'Adjust targets within the kind’s bounds (a target below its minimum is 422 naming the KPI): a new version for the applicant to confirm (city office, during construction)',
      security: bearer,
      middleware: [requireActor, requireRole('city-admin')] as const,
      request: { ...projectPath, body: jsonBody(taskBookInput) },
      responses: { 200: json(TaskBookView, 'the task book with the new version'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json((await adjustTaskBook(c.get('actor'), c.req.valid('param').id, c.req.valid('json'))) as z.infer<typeof TaskBookView>, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/projects/{id}/actuals',
      summary:
        'Report KPI actuals for a year of construction that has begun (a year still to come is 422); figures replace earlier ones (its applicant)',
      security: bearer,
      middleware: [requireActor, requireRole('applicant')] as const,
      request: { ...projectPath, body: jsonBody(yearlyActualsInput) },
      responses: { 200: json(ProjectView, 'the project'), ...problemResponses(401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json((await reportYearlyActuals(c.get('actor'), c.req.valid('param').id, c.req.valid('json'))) as z.infer<typeof ProjectView>, 200),
  );
