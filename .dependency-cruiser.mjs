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
export default {
  forbidden: [
    {
      name: 'core-is-the-domain',
      comment: 'core/ is the pure domain: it imports nothing of ours outside core/ (no adapters, no HTTP, no runtime).',
      severity: 'error',
      from: { path: '^core/' },
      to: { dependencyTypes: ['local'], pathNot: '^core/' },
    },
    {
      name: 'functions-run-in-lambda',
      comment:
        'functions/ is what Lambda runs: it imports nothing from the local runtime, the stacks, the tests or the benchmarks, ' +
        'nor from workflows/ (its definitions module reads the ASL files from disk, which no bundle carries). ' +
        'The local runtime plugs its stand-ins in through ports (useClock, useBlobStore, the dev hooks).',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(local|stacks|tests|bench|workflows)/' },
    },
    {
      name: 'stacks-deploy-the-cloud',
      comment: 'stacks/ describe the cloud: nothing from local/ (what both homes share lives in workflows/ or functions/).',
      severity: 'error',
      from: { path: '^stacks/' },
      to: { path: '^local/' },
    },
    {
      name: 'workflows-are-neutral',
      comment: 'workflows/ (the ASL files and how they are found and filled) serves both homes, so it imports neither.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(local|stacks)/' },
    },
    {
      name: 'dependencies-point-down',
      comment:
        'Adapters and services are below the entry points: they import nothing from the API (functions/api), the Step Functions ' +
        'handlers (functions/steps) or the sweep handler (functions/sweep). ' +
        'What both need (state machine names, their ARN variables) lives in functions/adapters/state-machines.ts.',
      severity: 'error',
      from: { path: '^functions/(adapters|services)/' },
      to: { path: '^functions/(api|steps|sweep)/' },
    },
    {
      name: 'adapters-below-services',
      comment: 'Adapters reach AWS and the table; the use cases in functions/services are built on them, not the other way.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: '^functions/services/' },
    },
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
