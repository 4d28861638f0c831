import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/runtime';
import { localSubstitutions, substitute } from '../../local/sfn/definitions';
import { partitionPlaceholder, placeholderOf, stateMachines, taskFunctions, type TaskFunctionName } from '../../functions/steps/registry';

const validate = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };

const aslFiles = readdirSync(join(projectRoot, 'workflows'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.asl.json'))
  .map((file) => join(projectRoot, 'workflows', file));

describe('every state machine definition', () => {
  it('is found, and each is listed in the registry', () => {
    expect(aslFiles.length).toBeGreaterThan(0);
    expect(aslFiles.map((file) => file.split('/').at(-1)!.replace('.asl.json', '')).sort()).toEqual([...stateMachines].sort());
  });

  // As written, `arn:${Partition}:states:::…` is not yet an ARN; filled for each partition it is.
  it.each(aslFiles)('%s is valid ASL with its placeholders filled, in the aws and aws-cn partitions', (file) => {
    const text = readFileSync(file, 'utf8');
    for (const partition of ['aws', 'aws-cn']) {
      const definition = JSON.parse(substitute(text, { ...localSubstitutions(), [partitionPlaceholder]: partition }));
      const { isValid, errors } = validate(definition);
      expect(errors).toEqual([]);
      expect(isValid).toBe(true);
    }
  });

  it.each(aslFiles)('%s names only task functions the registry knows', (file) => {
    const placeholders = [...readFileSync(file, 'utf8').matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
    const known = [partitionPlaceholder, ...(Object.keys(taskFunctions) as TaskFunctionName[]).map(placeholderOf)];
    expect(placeholders.length).toBeGreaterThan(0);
    for (const placeholder of placeholders) expect(known).toContain(placeholder);
  });
});

describe('placeholder substitution', () => {
  it('refuses a placeholder it has no value for, rather than deploying a broken ARN', () => {
    expect(() => substitute('{"Resource":"${NoSuchFunctionArn}"}', localSubstitutions())).toThrow(/NoSuchFunctionArn/);
  });
});
