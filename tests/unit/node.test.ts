import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { lambdaRuntime } from '../../stacks/lambda';
import { nodejs } from '../../stacks/bundling';

it('runs the tests on the Node major the Lambdas run and the bundles target', () => {
  const major = /^nodejs(\d+)\.x$/.exec(lambdaRuntime)![1];
  expect(process.versions.node.split('.')[0]).toBe(major);
  expect(nodejs.esbuild.target).toBe(`node${major}`);
  // …because npm ci installs that Node and every npm script finds it first on its PATH.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(pkg.devDependencies.node).toMatch(new RegExp(`^\\^${major}\\.`));
});
