import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('leaves out zod’s locales, which nothing of ours reads', async () => {
    const { file } = await bundle(present[1]!);
    const text = readFileSync(file, 'utf8');
    // English, which zod configures, stays; German would be there if every locale were bundled.
    expect(text).toContain('Invalid input: expected');
    expect(text).not.toContain(' erwartet ');
  });
});

describe('configuration', () => {
  it.each(present)('$name is deployed with every variable its bundled code requires', async (entry) => {
    const { sources } = await bundle(entry);
    const required = new Set(sources.flatMap((source) => [...readFileSync(join(projectRoot, source), 'utf8').matchAll(/requireEnv\('([A-Z0-9_]+)'\)/g)].map((m) => m[1]!)));
    expect(required.size).toBeGreaterThan(0);
    const templates = await templatesOnce();
    const fn = Object.values(templates)
      .flatMap((t) => Object.entries(t.toJSON().Resources as Record<string, { Type: string; Properties: { Environment?: { Variables: Record<string, unknown> } } }>))
      .find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(entry.id) && !id.startsWith(`${entry.id}Role`));
    expect(fn, entry.id).toBeDefined();
    expect(Object.keys(fn![1].Properties.Environment!.Variables)).toEqual(expect.arrayContaining([...required]));
  });
});

let templates: ReturnType<typeof synthesize> | undefined;
const templatesOnce = () => (templates ??= synthesize('test'));
