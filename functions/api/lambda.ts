import { handle } from 'hono/aws-lambda';
import { createApiApp } from './api-app';

/** The API Lambda behind the HTTP API: the API's routes `npm start` serves, without the pages (pages-lambda.ts) or /dev. */
export const handler = handle(createApiApp());
