import { handle } from 'hono/aws-lambda';
import { logger, type LambdaContext } from '../adapters/log';
import { createPagesApp } from './pages-app';

const app = handle(createPagesApp());

/** The web pages' Lambda (stacks/Api.ts routes `/` and `/ui/*` here): the same pages `npm start` serves. */
export const handler: typeof app = (event, context) => {
  logger.addContext(context as LambdaContext);
  return app(event, context);
};
