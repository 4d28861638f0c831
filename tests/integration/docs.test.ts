import { describe, expect, it } from 'vitest';
import { fileRuntime } from '../support/runtime';

/** /docs must work with no internet (and where CDNs are out of reach): everything it loads is ours. */
const runtime = fileRuntime();

const expectedType: Record<string, RegExp> = { '.js': /^text\/javascript; charset=utf-8$/, '.css': /^text\/css; charset=utf-8$/ };

describe('/docs', () => {
  it('references only same-origin assets, each 200 with its content type, and names no other host', async () => {
    const page = await fetch(`${runtime.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // No absolute URL anywhere in the page: not a script, a stylesheet, nor the validator badge.
    expect(html.match(/(https?:)?\/\/[\w.-]+\.\w+/g) ?? []).toEqual([]);
    expect(html).toContain("validatorUrl: 'none'");
    const assets = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.sort()).toEqual(['/docs/swagger-ui-dist/swagger-ui-bundle.js', '/docs/swagger-ui-dist/swagger-ui.css']);
    for (const asset of assets) {
      const url = new URL(asset, runtime.url);
      expect(url.origin).toBe(runtime.url);
      const response = await fetch(url);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-type'), asset).toMatch(expectedType[asset.slice(asset.lastIndexOf('.'))]!);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(10_000);
    }
    expect(await (await fetch(`${runtime.url}/openapi.json`)).json()).toHaveProperty('openapi', '3.1.0');
  });

  it('serves nothing else from the package: other names are 404', async () => {
    for (const name of ['package.json', 'swagger-ui-bundle.js.map', '..%2Fpackage.json', 'index.html']) {
      expect((await fetch(`${runtime.url}/docs/swagger-ui-dist/${name}`)).status, name).toBe(404);
    }
  });
});
