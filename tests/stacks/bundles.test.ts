import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, importArgs, projectRoot, timeNode } from '../../bench/bundles';
import { lambdaEntries, type LambdaEntry } from '../../stacks/bundling';
import { synthesize } from './synth';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-bundle-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The sweep's handler comes with the reminders issue; until it is in the tree there is nothing to bundle.
const present = lambdaEntries.filter((e) => existsSync(join(projectRoot, e.entry)));

// Each entry is bundled once and shared by the tests below.
const bundles = new Map<string, ReturnType<typeof buildBundle>>();
const bundle = (entry: LambdaEntry) => bundles.get(entry.name) ?? bundles.set(entry.name, buildBundle(entry, dir)).get(entry.name)!;

describe('Lambda bundles, built as sst deploy builds them', () => {
  it('cover the API and every task function', () => {
    expect(present.map((e) => e.name)).toEqual(expect.arrayContaining(['Api', 'OpenTask', 'FinishDeclaration', 'CallStep']));
  });

  it.each(present)('$name bundles within its ceiling and imports in a fresh Node process, exporting its handler', async (entry) => {
    const { file, bytes } = await bundle(entry);
    expect(bytes).toBeLessThanOrEqual(entry.ceilingBytes);
    // A fresh process with no environment: importing must not need configuration or node_modules.
    await expect(timeNode(importArgs(file))).resolves.toBeGreaterThan(0);
  });

  it.each(present)(
    '$name carries none of the local runtime’s stand-ins (local/: the blob store and its upload endpoint)',
    async (entry) => {
      const { file, sources } = await bundle(entry);
      expect(sources.some((source) => source.startsWith('functions/'))).toBe(true);
      expect(sources.filter((source) => !/^(core|functions)\//.test(source))).toEqual([]);
      // The stand-in's upload path, which only local/blobs names.
      expect(readFileSync(file, 'utf8')).not.toContain('/dev/blobs');
    },
  );

  it('leaves out zod’s locales, which nothing of ours reads', async () => {
    // Every file the build writes: zod may sit in a chunk the entries share, not in the entry's own file.
    const { files } = await bundle(present[1]!);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    // English, which zod configures, stays; German would be there if every locale were bundled.
    expect(text).toContain('Invalid input: expected');
    expect(text).not.toContain(' erwartet ');
  });
});

describe('the API bundle serves /docs without a CDN', () => {
  it('with the files a deploy copies beside it (copyFiles), in a fresh Node process with no node_modules of ours', async () => {
    const entry = present.find((e) => e.name === 'Api')!;
    expect(entry.copyFiles).toEqual(
      expect.arrayContaining(['node_modules/swagger-ui-dist/swagger-ui-bundle.js', 'node_modules/swagger-ui-dist/swagger-ui.css']),
    );
    // The Lambda's task root as SST lays it out: the bundle at its handler's path, the copies at theirs.
    const root = join(dir, 'task');
    const { file, files } = await bundle(entry);
    mkdirSync(join(root, dirname(entry.entry)), { recursive: true });
    copyFileSync(file, join(root, entry.entry.replace(/\.ts$/, '.mjs')));
    // The chunks split off for `await import()` sit beside the handler.
    for (const chunk of files.filter((f) => f !== file)) copyFileSync(chunk, join(root, dirname(entry.entry), basename(chunk)));
    for (const from of entry.copyFiles!) {
      mkdirSync(join(root, dirname(from)), { recursive: true });
      copyFileSync(join(projectRoot, from), join(root, from));
    }
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(root, entry.entry.replace(/\.ts$/, '.mjs'))).href)});
      const get = (path) => handler({ version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '', headers: { host: 'api.example.com' },
        requestContext: { http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'test' }, domainName: 'api.example.com', stage: '$default', requestId: 'r', timeEpoch: 0 },
        isBase64Encoded: false }, {});
      const out = [];
      for (const path of ['/docs', '/docs/swagger-ui-dist/swagger-ui-bundle.js', '/docs/swagger-ui-dist/swagger-ui.css']) {
        const r = await get(path);
        out.push({ path, status: r.statusCode, type: r.headers['content-type'], bytes: r.body.length, cdn: path === '/docs' && (r.body.includes('cdn.') || r.body.includes('https://')) });
      }
      console.log(JSON.stringify(out));`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    const served = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      path: string;
      status: number;
      type: string;
      bytes: number;
      cdn: boolean;
    }[];
    expect(served.map(({ path, status, cdn }) => ({ path, status, cdn }))).toEqual([
      { path: '/docs', status: 200, cdn: false },
      { path: '/docs/swagger-ui-dist/swagger-ui-bundle.js', status: 200, cdn: false },
      { path: '/docs/swagger-ui-dist/swagger-ui.css', status: 200, cdn: false },
    ]);
    expect(served.map((s) => s.type)).toEqual(['text/html; charset=UTF-8', 'text/javascript; charset=utf-8', 'text/css; charset=utf-8']);
    expect(served[1]!.bytes).toBeGreaterThan(1_000_000);
  });
});

describe('configuration', () => {
  it.each(present)('$name is deployed with every variable its bundled code requires', async (entry) => {
    const { sources } = await bundle(entry);
    const required = new Set(
      sources.flatMap((source) =>
        [...readFileSync(join(projectRoot, source), 'utf8').matchAll(/requireEnv\('([A-Z0-9_]+)'\)/g)].map((m) => m[1]!),
      ),
    );
    expect(required.size).toBeGreaterThan(0);
    const templates = await templatesOnce();
    const fn = Object.values(templates)
      .flatMap((t) =>
        Object.entries(
          t.toJSON().Resources as Record<string, { Type: string; Properties: { Environment?: { Variables: Record<string, unknown> } } }>,
        ),
      )
      .find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(entry.id) && !id.startsWith(`${entry.id}Role`));
    expect(fn, entry.id).toBeDefined();
    expect(Object.keys(fn![1].Properties.Environment!.Variables)).toEqual(expect.arrayContaining([...required]));
  });
});

let templates: ReturnType<typeof synthesize> | undefined;
const templatesOnce = () => (templates ??= synthesize('test'));
