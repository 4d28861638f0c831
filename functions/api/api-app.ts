import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { UnsupportedMediaTypeError } from '../../core/errors';
import type { AuthEnv } from './auth';
import { docs } from './docs';
import { problemTypePages } from './problem-types';
import { correlateRequest, requestIdOf } from './correlation';
import { legacyPaths } from './legacy-paths';
import { isPage } from './page-paths';
import { problem, problemFromError } from './problem';
import { declarations } from './routes/declarations';
import { calendar } from './routes/calendar';
import { calls } from './routes/calls';
import { declarationSchema } from './routes/declaration-schema';
import type { DevHooks } from './routes/dev';
import { directory } from './routes/directory';
import { projectImports } from './routes/project-imports';
import { experts } from './routes/experts';
import { funding } from './routes/funding';
import { invitations } from './routes/invitations';
import { health, readiness } from './routes/health';
import { incubation } from './routes/incubation';
import { resultNotices } from './routes/result-notices';
import { publicRoutes } from './routes/public';
import { publicListings } from './routes/public-listings';
import { callAttachments } from './routes/call-attachments';
import { kinds } from './routes/kinds';
import { materials } from './routes/materials';
import { projects } from './routes/projects';
import { reportMaterials } from './routes/report-materials';
import { notifications } from './routes/notifications';
import { organisations } from './routes/organisations';
import { people } from './routes/people';
import { selection } from './routes/selection';
import { tasks } from './routes/tasks';
import { statistics } from './routes/statistics';

export const MAX_BODY_BYTES = 64 * 1024;
/** The directory import's rows: a city's whole network (thousands of rows) in one request. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** The imports that take a whole file's rows (the directory's, issue 22.5's projects). */
export const IMPORT_PATHS = ['/directory/imports', '/project-imports'];
/** A kind's definition: a form of up to a hundred fields with their options and table columns. */
export const MAX_KIND_BYTES = 1024 * 1024;
const isKindPath = (path: string) => path === '/kinds' || path.startsWith('/kinds/');
/** Left to routes that read forms (web pages), which validate them themselves. */
const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export interface AppOptions {
  dev?: DevHooks;
  ready?: () => boolean;
}

/**
 * What every request passes through, whichever routes follow: request id, body limits, media
 * types, problem+json errors. The local server puts the API and the pages on one of these
 * (app.ts); in the cloud each Lambda gets its own (lambda.ts, pages-lambda.ts).
 */
export function appShell(options: AppOptions = {}) {
  const app = new OpenAPIHono<AuthEnv>();
  app.use(requestId({ generator: requestIdOf }), correlateRequest);
  app.use(legacyPaths);
  const limitOf = (maxSize: number) =>
    bodyLimit({
      maxSize,
      // The rest of the body is not read, so the connection cannot carry another request.
      onError: (c) => problem(c, 413, `the body is larger than ${maxSize} bytes`, {}, undefined, { connection: 'close' }),
    });
  const limit = limitOf(MAX_BODY_BYTES);
  const importLimit = limitOf(MAX_IMPORT_BYTES);
  const kindLimit = limitOf(MAX_KIND_BYTES);
  // The pages set their own limits: a form's Chinese text percent-encoded is nine bytes a character.
  // The local upload stand-in sets its own, as S3 does.
  const uploadPath = options.dev?.uploads?.path;
  app.use((c, next) =>
    isPage(c.req.path) || c.req.path === uploadPath
      ? next()
      : IMPORT_PATHS.includes(c.req.path)
        ? importLimit(c, next)
        : isKindPath(c.req.path)
          ? kindLimit(c, next)
          : limit(c, next),
  );
  app.use(async (c, next) => {
    // A JSON route given a body of another type would otherwise validate an empty object.
    const hasBody = Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined;
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!isPage(c.req.path) && hasBody && !/^application\/([\w.-]+\+)?json$/.test(type) && !formTypes.includes(type)) {
      throw new UnsupportedMediaTypeError(`a body of type ${type || '(none)'} is not accepted; send application/json`);
    }
    await next();
  });
  app.onError((error, c) => problemFromError(c, error));
  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${c.req.path}`));
  return app;
}

export type App = ReturnType<typeof appShell>;

/**
 * The API's routes (everything but the web pages), its OpenAPI document and /docs. This module
 * does not import the pages, so the API Lambda's bundle carries neither them nor what only they
 * use (JSX, the spreadsheet export).
 */
export function withApiRoutes(app: App, options: AppOptions = {}): App {
  app.route('/', health);
  app.route('/', readiness(options.ready));
  app.route('/', calls);
  app.route('/', kinds);
  app.route('/', declarationSchema);
  app.route('/', declarations);
  app.route('/', materials);
  app.route('/', tasks);
  app.route('/', experts);
  app.route('/', invitations);
  app.route('/', selection);
  app.route('/', projects);
  app.route('/', incubation);
  app.route('/', resultNotices);
  app.route('/', publicRoutes);
  app.route('/', reportMaterials);
  app.route('/', notifications);
  app.route('/', calendar);
  app.route('/', organisations);
  app.route('/', people);
  app.route('/', directory);
  app.route('/', funding);
  app.route('/', publicListings);
  app.route('/', callAttachments);
  app.route('/', projectImports);
  app.route('/', statistics);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    // Relative: the document describes the API wherever it is served (locally, the HTTP API's URL).
    servers: [{ url: '/', description: 'this API, where this document was read' }],
    info: {
      title: 'shenbao',
      version: '0.1.0',
      description:
        'Community-education project declarations (社区教育项目申报), from call to acceptance. ' +
        'Paths that said "applications" before December 2026 answer 308 to the same path with "declarations".',
    },
  });
  app.route('/', docs());
  app.route('/', problemTypePages);
  return app;
}

/** The API Lambda's app: the same routes `npm start` serves, without the pages or /dev. */
export const createApiApp = (options: AppOptions = {}) => withApiRoutes(appShell(options), options);
