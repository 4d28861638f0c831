import { createRoute, z } from '@hono/zod-openapi';
import { calendarSaveInput, calendarYearParam, yearScheduleInput } from '../../../core/schemas';
import { calendarView, previewYear, saveYear } from '../../services/office-calendar';
import { requireActor, requireRole } from '../auth';
import { jsonBody, router } from '../router';
import { bearer, CalendarPreview, CalendarSaved, CalendarView, problemResponses } from '../schemas';

/** The office calendar: the State Council's schedule per year, entered once for all calls (city admin). */
export const calendar = router();
// The role is checked before the body is read: others get 403 whatever they send.
calendar.use('/calendar', requireActor, requireRole('city-admin'));
calendar.use('/calendar/*', requireActor, requireRole('city-admin'));

const yearParams = z.object({
  year: calendarYearParam /* zod's own meta(), not .openapi(): this schema is core's, built before @hono/zod-openapi may have extended zod (a test or the resume can load core first) */
    .meta({ param: { name: 'year', in: 'path' }, example: '2027' }),
});

calendar
  .openapi(
    createRoute({
      method: 'get',
      path: '/calendar',
      summary:
        'The office calendar: the years the packaged data knows, the years the office entered (who, when) and its audit trail (city admin)',
      security: bearer,
      responses: {
        200: { description: 'the calendar', content: { 'application/json': { schema: CalendarView } } },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json(await calendarView(c.get('actor')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/calendar/{year}/preview',
      summary: 'What entering a year would do: the open tasks whose due dates would move, and by how much; writes nothing (city admin)',
      security: bearer,
      request: { params: yearParams, body: jsonBody(yearScheduleInput) },
      responses: {
        200: { description: 'the moves', content: { 'application/json': { schema: CalendarPreview } } },
        ...problemResponses(401, 403, 422),
      },
    }),
    async (c) => c.json(await previewYear(c.get('actor'), c.req.valid('param').year, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/calendar/{year}',
      summary:
        'Enter a year (holidays and 调休 make-up days) for all calls, audited. Promised due dates stay unless `moveTasks` (after the preview); `version` is the one seen, 0 for a new year (city admin)',
      security: bearer,
      request: { params: yearParams, body: jsonBody(calendarSaveInput) },
      responses: {
        200: { description: 'the year saved and the due dates moved', content: { 'application/json': { schema: CalendarSaved } } },
        ...problemResponses(401, 403, 409, 422),
      },
    }),
    async (c) => c.json(await saveYear(c.get('actor'), c.req.valid('param').year, c.req.valid('json')), 200),
  );
