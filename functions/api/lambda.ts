import { handle } from 'hono/aws-lambda';
import { logger, type LambdaContext } from '../adapters/log';
import { createApp } from './app';

const app = handle(createApp());

/** The API Lambda behind the HTTP API: the same app `npm start` serves, without the /dev routes. */
export const handler: typeof app = (event, context) => {
  // Each line then names the function, its invocation and whether it was a cold start.
  logger.addContext(context as LambdaContext);
  return app(event, context);
};
