import { handle } from 'hono/aws-lambda';
import { createApp } from './app';

/** The API Lambda behind the HTTP API: the same app `npm start` serves, without the /dev routes. */
export const handler = handle(createApp());
