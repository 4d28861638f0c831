/**
 * Cold-start proxies for each Lambda: its bundle's size (built exactly as `sst deploy` builds it,
 * with SST's own esbuild and stacks/bundling.ts's options) and the time a fresh Node process
 * takes to import it, beside the floor of a fresh `node -e ""`. Medians over several processes.
 *
 *   npx tsx bench/bundles.ts [--rounds N]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { esbuildOptions, lambdaEntries, sstEsbuild, type LambdaEntry } from '../stacks/bundling';
import { isFigure, notMeasured, times, type Measured } from './report';
import { median } from './stats';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BundleFigure {
  name: string;
  bytes: number;
  /** The issue's aim for this bundle. */
  aimBytes: number;
  /** Median wall time of a fresh Node process that imports the bundle and exits. */
  importMs: number;
}

export interface BundleFigures {
  /** Median wall time of a fresh `node -e ""`: what any process costs before importing anything. */
  floorMs: number;
  bundles: BundleFigure[];
  /** Entries whose source is not in this tree (the sweep, until it lands). */
  missing: string[];
}

/**
 * Bundles one entry into `dir/<name>/` as the Lambda would get it (its handler file and the chunks
 * split off for `await import()`); returns the handler file, the bytes a cold start loads (the
 * handler and the chunks it imports statically) and the bytes left for the routes that ask.
 */
export async function buildBundle(
  entry: LambdaEntry,
  dir: string,
  root = projectRoot,
): Promise<{ file: string; bytes: number; lazyBytes: number; files: string[]; sources: string[] }> {
  const esbuild = sstEsbuild(root);
  const out = join(dir, entry.name);
  const result = await esbuild.build({
    ...(esbuildOptions(root, entry.entry) as Parameters<typeof esbuild.build>[0]),
    outdir: out,
    entryNames: entry.name,
    write: false,
    metafile: true,
  });
  mkdirSync(out, { recursive: true });
  for (const output of result.outputFiles!) writeFileSync(output.path, output.contents);
  const outputs = result.metafile!.outputs;
  const absolute = (path: string) => resolve(root, path);
  // The handler's own output: the chunks split off for `await import()` carry an entryPoint too.
  const [entryPath] = Object.entries(outputs).find(([, o]) => o.entryPoint === entry.entry)!;
  // What loads with the handler: its file and the chunks reached by static imports only.
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const i of outputs[path]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
  };
  visit(entryPath);
  const sizeOf = (paths: string[]) => paths.reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  const all = Object.keys(outputs);
  // Our own modules in the bundle (paths relative to the root), for what they read.
  const sources = Object.keys(result.metafile!.inputs).filter((input) => !input.includes('node_modules') && !input.includes(':'));
  return {
    file: absolute(entryPath),
    bytes: sizeOf([...eager]),
    lazyBytes: sizeOf(all.filter((path) => !eager.has(path))),
    files: all.map(absolute),
    sources,
  };
}

/** Runs `node <args>` and resolves with its wall time; rejects on a non-zero exit. */
export function timeNode(args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

/** Imports a bundle in a fresh process and fails unless it exports the Lambda's `handler`. */
export function importArgs(file: string): string[] {
  const url = pathToFileURL(file).href;
  return [
    '-e',
    `import(${JSON.stringify(url)}).then((m) => { if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(3); } })`,
  ];
}

export async function measureBundles(options: { rounds?: number; root?: string } = {}): Promise<BundleFigures> {
  const rounds = options.rounds ?? 5;
  const root = options.root ?? projectRoot;
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-bundles-'));
  try {
    const present = lambdaEntries.filter((e) => existsSync(join(root, e.entry)));
    const built = [];
    for (const entry of present) built.push({ entry, ...(await buildBundle(entry, dir, root)) });
    const floor: number[] = [];
    const imports = new Map<string, number[]>(built.map((b) => [b.entry.name, []]));
    // Rounds interleave the floor and every bundle, so a busy moment touches all alike.
    for (let round = 0; round < rounds; round++) {
      floor.push(await timeNode(['-e', '']));
      for (const b of built) imports.get(b.entry.name)!.push(await timeNode(importArgs(b.file)));
    }
    return {
      floorMs: median(floor),
      bundles: built.map((b) => ({
        name: b.entry.name,
        bytes: b.bytes,
        aimBytes: b.entry.maxBytes,
        importMs: median(imports.get(b.entry.name)!),
      })),
      missing: lambdaEntries.filter((e) => !present.includes(e)).map((e) => e.entry),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatBundles(figures: BundleFigures): string[] {
  const kb = (bytes: Measured) => (isFigure(bytes) ? `${(bytes / 1024).toFixed(0)} KB` : notMeasured());
  const ms = (value: Measured, ratio: string) =>
    isFigure(value) ? `${value.toFixed(1)} ms (${ratio})` : notMeasured('no import completed');
  return [
    `node -e "" (floor): ${ms(figures.floorMs, '1.00x')}`,
    ...figures.bundles.flatMap((b) => [
      `${b.name} bundle: ${kb(b.bytes)} (${times(b.bytes, b.aimBytes)} its ${kb(b.aimBytes)} aim)`,
      `${b.name} import: ${ms(b.importMs, `${times(b.importMs, figures.floorMs, 'floor not measured')} node -e ""`)}`,
    ]),
    ...figures.missing.map((entry) => `${entry}: not in this tree, not measured`),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 7;
  for (const line of formatBundles(await measureBundles({ rounds }))) console.log(line);
}
