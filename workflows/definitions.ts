import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stateMachines, type StateMachineName } from '../functions/adapters/state-machines';
import { taskFunctions, type TaskFunctionName } from '../functions/steps/registry';

/**
 * How the ASL files beside this module are found and what their `${...}` placeholders mean, for
 * both homes that run them: the cloud stacks (CloudFormation's `definitionSubstitutions`) and the
 * local Step Functions endpoint (local ARNs). Neither home owns the files, so neither owns this.
 */

/**
 * The ASL files' service-integration ARNs start `arn:${Partition}:states:::`: `aws` here and in
 * most regions, `aws-cn` in AWS China, filled from the stack's partition when deployed.
 */
export const partitionPlaceholder = 'Partition';

/** `${OpenTaskFunctionArn}` in an ASL file is the function `OpenTask` of functions/steps/registry.ts. */
export function placeholderOf(name: TaskFunctionName): string {
  return `${name}FunctionArn`;
}

const placeholderPattern = /\$\{([A-Za-z0-9_]+)\}/g;

/** Fills `${Name}` placeholders; an unknown placeholder is a broken deployment, so it throws. */
export function substitute(text: string, substitutions: Record<string, string>): string {
  return text.replace(placeholderPattern, (_, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`no substitution for \${${name}}`);
    return value;
  });
}

/**
 * The task functions an ASL file names through its `${...}` placeholders. A placeholder no
 * function fills would reach AWS as literal text, so it fails instead.
 */
export function placeholdersIn(text: string): TaskFunctionName[] {
  const known = new Map((Object.keys(taskFunctions) as TaskFunctionName[]).map((name) => [placeholderOf(name), name]));
  const found = new Set<TaskFunctionName>();
  for (const [, placeholder] of text.matchAll(placeholderPattern)) {
    if (placeholder === partitionPlaceholder) continue;
    const name = known.get(placeholder!);
    if (!name) throw new Error(`\${${placeholder}} names no function of functions/steps/registry.ts`);
    found.add(name);
  }
  return [...found].sort();
}

export function aslPath(root: string, name: string): string {
  return join(root, 'workflows', name, `${name}.asl.json`);
}

/** Every `workflows/<name>/<name>.asl.json`; functions/adapters/state-machines.ts must list each one. */
export function discoverStateMachines(root: string): StateMachineName[] {
  const found = readdirSync(join(root, 'workflows'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const unknown = found.filter((name) => !(stateMachines as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`workflows not in functions/adapters/state-machines.ts: ${unknown.join(', ')}`);
  return found as StateMachineName[];
}
