import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { swaggerUI } from '@hono/swagger-ui';
import { Hono } from 'hono';

/**
 * `/docs`: Swagger UI with its files served by this app, not a CDN, so the docs work offline and
 * where the CDN is out of reach (mainland China). The files are read from the swagger-ui-dist
 * package at run time rather than bundled: its JavaScript is 1.7 MB, which would more than
 * double the API Lambda's bundle and be parsed on every cold start for a page few open. In the
 * cloud the deploy copies them beside the bundle (`node_modules/swagger-ui-dist/…`, the
 * `copyFiles` of the API's entry in stacks/bundling.ts), where the same resolution finds them.
 */
export const SWAGGER_UI_DIST = 'swagger-ui-dist';
export const DOCS_ASSETS_PATH = `/docs/${SWAGGER_UI_DIST}`;
/** Every file the docs page loads, with its type. */
export const swaggerUiAssets: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};
/** What a deploy copies beside the API's bundle, relative to the project root. */
export const swaggerUiFiles = ['package.json', ...Object.keys(swaggerUiAssets)].map((file) => `node_modules/${SWAGGER_UI_DIST}/${file}`);

const cache = new Map<string, Promise<Buffer>>();
const assetFile = (name: string) => {
  // Read once per process (a Lambda container keeps them warm); a failed read is tried again.
  let read = cache.get(name);
  if (!read) {
    const dir = dirname(createRequire(import.meta.url).resolve(`${SWAGGER_UI_DIST}/package.json`));
    read = readFile(join(dir, name));
    read.catch(() => cache.delete(name));
    cache.set(name, read);
  }
  return read;
};

export function docs() {
  const app = new Hono();
  // baseUrl makes @hono/swagger-ui load `${baseUrl}/swagger-ui-dist/…`, i.e. the routes below.
  // validatorUrl 'none': Swagger UI would otherwise load a badge from validator.swagger.io.
  app.get('/docs', swaggerUI({ url: '/openapi.json', baseUrl: '/docs', validatorUrl: 'none', title: 'shenbao API' }));
  app.get(`${DOCS_ASSETS_PATH}/:file`, async (c) => {
    const name = c.req.param('file');
    const type = Object.hasOwn(swaggerUiAssets, name) ? swaggerUiAssets[name] : undefined;
    if (!type) return c.notFound();
    return c.body(new Uint8Array(await assetFile(name)), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
  return app;
}
