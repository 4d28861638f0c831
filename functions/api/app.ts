import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AuthEnv } from './auth';
import { problem, problemFromError } from './problem';
import { applications } from './routes/applications';
import { calls } from './routes/calls';
import { devRoutes, type DevHooks } from './routes/dev';
import { experts } from './routes/experts';
import { health } from './routes/health';
import { projects } from './routes/projects';
import { notifications } from './routes/notifications';
import { selection } from './routes/selection';
import { tasks } from './routes/tasks';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The one Hono app: `@hono/node-server` serves it locally, `hono/aws-lambda` in the cloud. Only
 * the local runtime passes `dev` hooks, so `/dev/*` exists nowhere else.
 */
export function createApp(options: { dev?: DevHooks } = {}) {
  const app = new OpenAPIHono<AuthEnv>();
  app.use(requestId());
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => problem(c, 413, `the body is larger than ${MAX_BODY_BYTES} bytes`),
    }),
  );
  app.onError((error, c) => problemFromError(c, error));
  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${c.req.path}`));

  app.route('/', health);
  app.route('/', calls);
  app.route('/', applications);
  app.route('/', tasks);
  app.route('/', experts);
  app.route('/', selection);
  app.route('/', projects);
  app.route('/', notifications);
  if (options.dev) app.route('/', devRoutes(options.dev));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'shenbao',
      version: '0.1.0',
      description: 'Community-education project declarations (社区教育项目申报), from call to acceptance.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json' }));
  return app;
}

