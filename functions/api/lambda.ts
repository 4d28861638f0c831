import { handle } from 'hono/aws-lambda';
import { logger, type LambdaContext } from '../adapters/log';
import { createApiApp } from './api-app';

const app = handle(createApiApp());

/** The API Lambda behind the HTTP API: the API's routes `npm start` serves, without the pages (pages-lambda.ts) or /dev. */
export const handler: typeof app = (event, context) => {
  // Each line then names the function, its invocation and whether it was a cold start.
  logger.addContext(context as LambdaContext);
  return app(event, context);
};
