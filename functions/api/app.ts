import { appShell, type AppOptions, withApiRoutes } from './api-app';
import { devRoutes } from './routes/dev';
import { withPages } from './pages-app';

export { MAX_BODY_BYTES } from './api-app';

/**
 * The one Hono app `npm start` serves: the API and the web pages together. In the cloud they are
 * two Lambdas of the same code, routed by path (stacks/Api.ts), so the API's cold start does not
 * load the pages. Only the local runtime passes `dev` hooks, so `/dev/*` exists nowhere else.
 */
export function createApp(options: AppOptions = {}) {
  const app = withApiRoutes(appShell(options), options);
  if (options.dev) app.route('/', devRoutes(options.dev));
  return withPages(app, options);
}
