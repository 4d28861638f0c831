import { handle } from 'hono/aws-lambda';
import { createPagesApp } from './pages-app';

/** The web pages' Lambda (stacks/Api.ts routes `/` and `/ui/*` here): the same pages `npm start` serves. */
export const handler = handle(createPagesApp());
