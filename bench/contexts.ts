import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { Server } from 'node:http';

/**
 * Which local server's request a piece of work descends from, by the server's port: the API's
 * own requests, or the Step Functions endpoint's (whose executions run the step handlers). In
 * one process the two share the app's DynamoDB client; this tells their operations apart.
 */
const serving = new AsyncLocalStorage<number>();
let tracking = false;

/** Node publishes this synchronously before the request listener runs, so the listener inherits it. */
function onRequestStart(message: unknown): void {
  const address = (message as { server: Server }).server.address();
  serving.enterWith(typeof address === 'object' && address ? address.port : 0);
}

export function trackServerContexts(): void {
  if (tracking) return;
  tracking = true;
  subscribe('http.server.request.start', onRequestStart);
}

/** The port of the server whose request this work belongs to; undefined outside any request. */
export function servingPort(): number | undefined {
  return serving.getStore();
}
