import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Esbuild from 'esbuild';
import type { BuildOptions, Plugin } from 'esbuild';
import { swaggerUiFiles } from '../functions/api/docs';
import { taskFunctions, type TaskFunctionName } from '../functions/steps/registry';

/**
 * How every Lambda is bundled, in one place: the stacks hand `nodejs` to SST's Function (which
 * runs esbuild on `sst deploy`) and the bundle test and bench run esbuild with `esbuildOptions`,
 * so what is measured is what would ship. ESM, minified, AWS SDK v3 bundled (not the runtime's
 * copy: the version we test is the version that runs), no source maps uploaded.
 */
/**
 * zod 4 re-exports every locale as `z.locales` (about 260 KB minified) while it configures only
 * English, which it imports on its own; nothing of ours reads `z.locales`. Resolving that
 * re-export to an empty module takes it out of every bundle without changing a message.
 */
export const dropZodLocales: Plugin = {
  name: 'drop-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }));
  },
};

export const nodejs = {
  format: 'esm' as const,
  minify: true,
  sourcemap: false,
  esbuild: { target: 'node24', plugins: [dropZodLocales] },
};

/** SST's ESM banner: bundled CommonJS dependencies still find `require` and `__dirname`. */
const esmBanner = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join('\n');

/** The options SST's Node runtime builds with (sst/runtime/handlers/node.js) plus ours above. */
export function esbuildOptions(root: string, entry: string): BuildOptions {
  return {
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: nodejs.format,
    target: nodejs.esbuild.target,
    mainFields: ['module', 'main'],
    banner: { js: esmBanner },
    keepNames: true,
    minify: nodejs.minify,
    external: ['sharp', 'pg-native'],
    plugins: nodejs.esbuild.plugins,
    logLevel: 'silent',
  };
}

export interface LambdaEntry {
  name: string;
  /** The construct id of its Function in the stacks (and the prefix of its logical ids). */
  id: string;
  /** Source file, relative to the project root. */
  entry: string;
  /** SST's `handler`: the file without its extension, then the export. */
  handler: string;
  /** The aim for its minified bundle (issue 7): the API ≤ 500 KB, each step handler ≤ 200 KB. */
  maxBytes: number;
  /**
   * What the bundle test holds it to today. The aims are not met: with the AWS SDK v3 bundled,
   * ElectroDB and zod 4 every entry is 0.9–1.1 MB (bench/bundles.ts prints the breakdown's
   * totals); the ceiling stops it growing unnoticed until the aims are worked towards.
   */
  ceilingBytes: number;
  /** Files a deploy copies beside the bundle, at the same paths relative to the project root (SST's copyFiles). */
  copyFiles?: string[];
}

// The web pages (issue 8) put exceljs (~0.9 MB with jszip, unzipper, bluebird…) and the S3 client in
// the API's bundle: 2.42 MB measured, 2.56 MB with the presigned-POST signer for uploads. exceljs is imported on the first export only, so a cold start
// parses it but does not evaluate it; moving the export to its own function would take it out.
// Issue 16 added libphonenumber-js with its full metadata (the small one takes a 10-digit "mobile")
// and file-type for uploads: 2.92 MB measured; the step handlers that reach core/schemas through
// the services (FinishDeclaration, ProjectStep) carry the phone metadata too, 1.14 MB measured.
// Swagger UI's files (1.7 MB) are copied beside it rather than bundled: functions/api/docs.ts reads them on the first /docs.
export const apiEntry: LambdaEntry = {
  name: 'Api',
  id: 'ApiFunction',
  entry: 'functions/api/lambda.ts',
  handler: 'functions/api/lambda.handler',
  maxBytes: 500 * 1024,
  ceilingBytes: 3000 * 1024,
  copyFiles: swaggerUiFiles,
};

/**
 * The reminder sweep's handler (issue 5 writes it); the Schedules stack points here. It is the
 * one sender of mail, so it carries the SMTP adapter (nodemailer, SSM: about 250 KB, evaluated only
 * where mail goes by SMTP) beside SES's; with the form-field, phone and label tables and the outbox
 * of this stop it measured 1611 KB. Splitting bundles (issue 25) would take the SMTP part out of SES deployments.
 */
export const sweepHandler = 'functions/sweep/handler.handler';
export const sweepEntry: LambdaEntry = {
  name: 'Sweep',
  id: 'SweepFunction',
  entry: 'functions/sweep/handler.ts',
  handler: sweepHandler,
  maxBytes: 200 * 1024,
  ceilingBytes: 1650 * 1024,
};

export function taskEntry(name: TaskFunctionName): LambdaEntry {
  const entry = taskFunctions[name];
  return {
    name,
    id: `${name}Function`,
    entry,
    handler: `${entry.replace(/\.ts$/, '')}.handler`,
    maxBytes: 200 * 1024,
    ceilingBytes: 1180 * 1024,
  };
}

export const taskEntries: LambdaEntry[] = (Object.keys(taskFunctions) as TaskFunctionName[]).map(taskEntry);
export const lambdaEntries: LambdaEntry[] = [apiEntry, ...taskEntries, sweepEntry];

/**
 * The esbuild SST itself runs on `sst deploy` (sst@2 pins its own, older than ours), so a
 * measured bundle is byte for byte the deployed one.
 */
export function sstEsbuild(root: string): typeof Esbuild {
  return createRequire(join(root, 'node_modules', 'sst', 'package.json'))('esbuild') as typeof Esbuild;
}
