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
 * re-export to an empty module takes it out of every bundle without changing a message. The same
 * for `z.fromJSONSchema` below.
 */
export const dropZodLocales: Plugin = {
  name: 'drop-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {}', loader: 'js' }));
    // `z.fromJSONSchema` (12 KB), which nothing of ours calls either (z.toJSONSchema, which we use, stays):
    // a stand-in that says so if it ever is.
    build.onResolve({ filter: /^\.\/from-json-schema\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]classic[\\/]/.test(args.importer) ? { path: 'zod-from-json-schema', namespace: 'not-bundled' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'not-bundled' }, () => ({
      contents:
        'export function fromJSONSchema() { throw new Error("z.fromJSONSchema is not bundled (stacks/bundling.ts dropZodLocales)"); }',
      loader: 'js',
    }));
  },
};

/**
 * ElectroDB checks every entity model against a JSON schema with `jsonschema` when the model is
 * built, which is at import: 140–170 ms of CPU in every cold start, re-checking models that
 * cannot change after the build. The tests and `npm start` run the source, with the real check,
 * so a model that fails it never reaches a bundle; the bundles get a stand-in `Validator` that
 * keeps the one answer ElectroDB's code depends on besides "valid": `Service` asks whether what it
 * is given is a model (a plain object) or an already built `Entity` (a class instance), and an
 * Entity must still fail the model check. tests/stacks/bundled-app.test.ts runs the bundle
 * against DynamoDB Local.
 */
export const skipModelValidation: Plugin = {
  name: 'skip-electrodb-model-validation',
  setup(build) {
    build.onResolve({ filter: /^jsonschema$/ }, (args) =>
      /[\\/]electrodb[\\/]src[\\/]validations\.js$/.test(args.importer)
        ? { path: 'jsonschema', namespace: 'model-checked-in-tests' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'model-checked-in-tests' }, () => ({
      contents: [
        'const plain = (v) => v !== null && typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v));',
        'class Validator { addSchema() {} validate(instance) { return { errors: plain(instance) ? [] : [{ property: "instance", message: "is not a plain model object", argument: "type" }] }; } }',
        'Validator.prototype.customFormats = {};',
        'module.exports = { Validator };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * A Lambda gets its role's credentials in its environment; the SDK's default chain would also
 * bundle SSO, the ini files, credential processes, web identity and the container/instance
 * metadata providers (about 120 KB each client family, parsed on every cold start) to look in
 * places a Lambda never has credentials. The bundles resolve the chain to the environment alone.
 */
export const environmentCredentialsOnly: Plugin = {
  name: 'environment-credentials-only',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) => ({
      path: 'credential-provider-node',
      namespace: 'environment-credentials',
      pluginData: { resolveDir: args.resolveDir },
    }));
    build.onLoad({ filter: /.*/, namespace: 'environment-credentials' }, (args) => ({
      contents: [
        "import { fromEnv } from '@aws-sdk/credential-provider-env';",
        'export const defaultProvider = (init = {}) => fromEnv(init);',
        // The same two predicates the real module exports, for the clients that import them.
        'export const credentialsWillNeedRefresh = (c) => c?.expiration !== undefined;',
        'export const credentialsTreatedAsExpired = (c) => c?.expiration !== undefined && c.expiration.getTime() - Date.now() < 300000;',
      ].join('\n'),
      loader: 'js',
      resolveDir: (args.pluginData as { resolveDir: string }).resolveDir,
    }));
  },
};

export const nodejs = {
  format: 'esm' as const,
  minify: true,
  sourcemap: false,
  // What a route imports with `await import()` (the S3 store, file-type, the spreadsheet export)
  // becomes a chunk beside the handler, read only when that route runs, not on every cold start.
  splitting: true,
  esbuild: { target: 'node24', plugins: [dropZodLocales, skipModelValidation, environmentCredentialsOnly] },
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
    splitting: nodejs.splitting,
    outExtension: { '.js': '.mjs' },
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
   * What the bundle test holds the bytes a cold start loads to (the handler and the chunks it
   * imports statically; `await import()` chunks load on the routes that ask): what issue 25
   * reached, rounded up. The aims are not met: zod 4 (~200 KB), ElectroDB (~195 KB) and the SDK's
   * core (~170 KB) are in every entry, and libphonenumber-js's code (~43 KB, its metadata cut to
   * China) where core/schemas is reached; bench/bundles.ts prints the sizes. The ceiling stops growth unnoticed.
   */
  ceilingBytes: number;
  /** Files a deploy copies beside the bundle, at the same paths relative to the project root (SST's copyFiles). */
  copyFiles?: string[];
}

// The API was 2.92 MB with the pages, exceljs, the S3 client and file-type in it (issues 8, 16).
// Issue 25 moved the pages and the export to their own Lambda, loads the S3 store and file-type
// with `await import()` (chunks beside the handler), and drops ElectroDB's model check and the
// credential chain beyond the environment: 1,224 KB loaded on a cold start. libphonenumber-js's
// full metadata stays for China only (core/phone-metadata.cn.json; the small one takes a 10-digit "mobile").
// Swagger UI's files (1.7 MB) are copied beside it rather than bundled: functions/api/docs.ts reads them on the first /docs.
export const apiEntry: LambdaEntry = {
  name: 'Api',
  id: 'ApiFunction',
  entry: 'functions/api/lambda.ts',
  handler: 'functions/api/lambda.handler',
  maxBytes: 500 * 1024,
  // 1,251 KB with the organisations' routes and entity (issue 19; their service loads on first use);
  // 1,295 KB with the whole directory (people, pool, draw, invitations; the import loads on first
  // use, and SES/SSM load with the first e-mail a declined invitation sends). 1,339 KB with issue 20
  // (kinds, typed forms, eligibility, the scoring rule) and 21's report files and incubation: our own
  // modules, spread thin (no library was added to the eager bundle; the diff and the dossier load on use).
  // 1,355 KB with 21's task book and yearly KPIs (our own modules; measured). 1,410 KB with the
  // title's life (21.5), the portfolio (22.1), result notices and the public objection routes
  // (22.3, 22.4) and funding (23): our own modules again, measured after those merges. With the rest
  // of 22.4 (open calls, attachments, evidence files, rosters), the statistics (22.2: routes, rollup,
  // rules; the workbook loads exceljs on use), the import of earlier projects (22.5) and expenditure
  // and 决算 (23.3-4), all our own modules: 1,455 KB, measured after those merges; 1,462 KB with
  // the funding plans. Issue 25.1: the phone metadata cut to China (-147 KB), the Step Functions
  // client (-25 KB) and the deciders (-20 KB) loaded on first use, z.fromJSONSchema dropped: 1,255 KB.
  ceilingBytes: 1265 * 1024,
  copyFiles: swaggerUiFiles,
};

/**
 * The web pages and the spreadsheet export (issue 25): the same app code as the API, routed by
 * path (stacks/Api.ts pageRoutes), so JSX, exceljs and the pages' modules load only where a
 * browser asks for a page.
 */
export const pagesEntry: LambdaEntry = {
  name: 'Pages',
  id: 'PagesFunction',
  entry: 'functions/api/pages-lambda.ts',
  handler: 'functions/api/pages-lambda.handler',
  maxBytes: 1024 * 1024,
  // 1,352 KB measured, exceljs (~0.9 MB) in a chunk of its own read on the first export; 1,395 KB
  // with issue 19's people and organisations (their pages and services load on first use); 1,493 KB
  // with the expert pool, invitation and import pages (about 100 KB of JSX, not yet split); 1,610 KB
  // with the kind editor, typed forms, report files and incubation pages (issue 25 item 1 would split
  // the pages by route; not done). 1,635 KB with the task book and KPI-by-period pages (issue 21.1, 21.2);
  // 1,722 KB with the title, portfolio, result-notice, public and funding pages (measured); 1,802 KB
  // with the public calls, rosters and evidence pages (22.4), the statistics page (22.2), the import
  // page (22.5) and the expenditure and 决算 forms (23.3-4), measured after those merges; 1,823 KB
  // with the funding plans, 1,641 KB with issue 25.1 (the API's cuts; the pages decide tasks too, eagerly),
  // 1,650 KB measured just before the deciders loaded with the first decision here too, as in the API; 1,626 KB after.
  ceilingBytes: 1635 * 1024,
};

/**
 * The reminder sweep's handler (issue 5 writes it); the Schedules stack points here. It is the
 * one sender of mail, so it carries the SMTP adapter (nodemailer, SSM: about 250 KB, evaluated only
 * where mail goes by SMTP) beside SES's; with the form-field, phone and label tables and the outbox
 * of this stop it measured 1611 KB; since issue 25 nodemailer is a chunk loaded only where mail goes by SMTP: 1,177 KB.
 * The SNS client for reminder SMS is a chunk too, loaded with the first message; its query
 * protocol still brings 12 KB of @aws-sdk/core's XML support (one CommonJS module shared with
 * the eager clients) into the handler: 1,208 KB.
 */
export const sweepHandler = 'functions/sweep/handler.handler';
export const sweepEntry: LambdaEntry = {
  name: 'Sweep',
  id: 'SweepFunction',
  entry: 'functions/sweep/handler.ts',
  handler: sweepHandler,
  maxBytes: 200 * 1024,
  // 1,097 KB before issue 25.1 cut the phone metadata to China and loaded Step Functions' client on use: 904 KB.
  ceilingBytes: 915 * 1024,
};

export function taskEntry(name: TaskFunctionName): LambdaEntry {
  const entry = taskFunctions[name];
  return {
    name,
    id: `${name}Function`,
    entry,
    handler: `${entry.replace(/\.ts$/, '')}.handler`,
    maxBytes: 200 * 1024,
    // 752–992 KB measured (issue 25); the largest reach core/schemas's phone metadata. 792–1,040 KB
    // with issue 19: OpenTask and FinishDeclaration draw replacement experts and tell the office.
    // FinishDeclaration 1,054 KB once its step handlers also keep the task book, titles and tranches.
    // 851–873 KB with issue 25.1 (from 1,038–1,059): the phone metadata cut to China, Step Functions' client on use.
    ceilingBytes: 885 * 1024,
  };
}

export const taskEntries: LambdaEntry[] = (Object.keys(taskFunctions) as TaskFunctionName[]).map(taskEntry);
export const lambdaEntries: LambdaEntry[] = [apiEntry, pagesEntry, ...taskEntries, sweepEntry];

/**
 * The esbuild SST itself runs on `sst deploy` (sst@2 pins its own, older than ours), so a
 * measured bundle is byte for byte the deployed one.
 */
export function sstEsbuild(root: string): typeof Esbuild {
  return createRequire(join(root, 'node_modules', 'sst', 'package.json'))('esbuild') as typeof Esbuild;
}
