/**
 * The layering of the house, checked by `npm run lint` (dependency-cruiser): which of our folders
 * may import which. Every rule is an error; an exception is written beside the rule it relaxes,
 * with its reason.
 *
 * TypeScript 7 has no compiler API dependency-cruiser can use yet, so the sources are parsed
 * with swc (`parser: 'swc'`), which reads TypeScript and TSX as written, `import type` included.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
/** A layering rule: nothing under the first path imports anything under the second. */
const layer = (name, [from, to], comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

export default {
  forbidden: [
    {
      name: 'core-is-the-domain',
      comment: 'core/ is the pure domain: it imports nothing of ours outside core/ (no adapters, no HTTP, no runtime).',
      severity: 'error',
      from: { path: '^core/' },
      to: { dependencyTypes: ['local'], pathNot: '^core/' },
    },
    layer(
      'functions-run-in-lambda',
      ['^functions/', '^(local|stacks|tests|bench|workflows)/'],
      'functions/ is what Lambda runs: it imports nothing from the local runtime, the stacks, the tests or the benchmarks, ' +
        'nor from workflows/ (its definitions module reads the ASL files from disk, which no bundle carries). ' +
        'The local runtime plugs its stand-ins in through ports (useClock, useBlobStore, the dev hooks).',
    ),
    layer(
      'stacks-deploy-the-cloud',
      ['^stacks/', '^local/'],
      'stacks/ describe the cloud: nothing from local/ (what both homes share lives in workflows/ or functions/).',
    ),
    layer(
      'workflows-are-neutral',
      ['^workflows/', '^(local|stacks)/'],
      'workflows/ (the ASL files and how they are found and filled) serves both homes, so it imports neither.',
    ),
    layer(
      'dependencies-point-down',
      ['^functions/(adapters|services)/', '^functions/(api|steps|sweep)/'],
      'Adapters and services are below the entry points: they import nothing from the API (functions/api), the Step Functions ' +
        'handlers (functions/steps) or the sweep handler (functions/sweep). ' +
        'What both need (state machine names, their ARN variables) lives in functions/adapters/state-machines.ts.',
    ),
    layer(
      'adapters-below-services',
      ['^functions/adapters/', '^functions/services/'],
      'Adapters reach AWS and the table; the use cases in functions/services are built on them, not the other way.',
    ),
    {
      name: 'no-circular',
      comment: 'No cycles of imports that exist at run time (`import type` is erased, so a cycle of types only is allowed).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'imports-resolve',
      comment: 'Every import is resolved, so no rule above passes because the checker could not follow a path.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
