import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  partitionPlaceholder,
  placeholderOf,
  stateMachines,
  taskFunctions,
  type StateMachineName,
  type TaskFunctionName,
} from '../../functions/steps/registry';

/**
 * The ASL files as the cloud deploys them, and the rewrite that lets the local interpreter run
 * them against a movable clock. The file is the source; nothing here changes its meaning.
 */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::local:wait';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type StateDefinition = { Type: string; [field: string]: Json };
export interface MachineDefinition {
  StartAt: string;
  States: Record<string, StateDefinition>;
  [field: string]: Json | Record<string, StateDefinition>;
}

export function functionArnOf(name: TaskFunctionName): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:shenbao-${name}`;
}

export function stateMachineArnOf(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:shenbao-${name}`;
}

/** The substitutions CDK's `definitionSubstitutions` would make, with local ARNs. */
export function localSubstitutions(): Record<string, string> {
  return {
    [partitionPlaceholder]: 'aws',
    ...Object.fromEntries((Object.keys(taskFunctions) as TaskFunctionName[]).map((name) => [placeholderOf(name), functionArnOf(name)])),
  };
}

/** Fills `${Name}` placeholders; an unknown placeholder is a broken deployment, so it throws. */
export function substitute(text: string, substitutions: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`no substitution for \${${name}}`);
    return value;
  });
}

export function aslPath(root: string, name: string): string {
  return join(root, 'workflows', name, `${name}.asl.json`);
}

export function loadDefinition(root: string, name: string): MachineDefinition {
  const text = readFileSync(aslPath(root, name), 'utf8');
  return JSON.parse(substitute(text, localSubstitutions())) as MachineDefinition;
}

/** Every `workflows/<name>/<name>.asl.json`; the registry must list each one. */
export function discoverStateMachines(root: string): StateMachineName[] {
  const found = readdirSync(join(root, 'workflows'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const unknown = found.filter((name) => !(stateMachines as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`workflows not in functions/steps/registry.ts: ${unknown.join(', ')}`);
  return found as StateMachineName[];
}

/** What the local endpoint must own for a state, because the interpreter would use real time. */
export interface OwnedState {
  type: 'Task' | 'Wait';
  resource: string;
  waitForTaskToken: boolean;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  wait?: { Seconds?: number; SecondsPath?: string; Timestamp?: string; TimestampPath?: string };
  hadParameters: boolean;
}

// Larger than any real deadline (and than setTimeout's limit allows): the endpoint enforces
// task timeouts itself, on the movable clock.
const INTERPRETER_TIMEOUT_SECONDS = 2_000_000;

/**
 * Rewrites a definition for the interpreter. Task states get `Parameters` wrapped as
 * `{__raw: <effective input>, __params: <original Parameters>}` so the local handler sees both;
 * their timeouts move to the endpoint. Wait states become Tasks on a local resource that parks
 * until the clock passes their time. Only top-level states are rewritten (nested ones in Map or
 * Parallel run as the interpreter runs them).
 */
export function rewriteForInterpreter(definition: MachineDefinition): { definition: MachineDefinition; owned: Record<string, OwnedState> } {
  const owned: Record<string, OwnedState> = {};
  const states: Record<string, StateDefinition> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if ((state.Type === 'Task' || state.Type === 'Wait') && state.InputPath !== undefined && state.InputPath !== '$') {
      // A resumed execution restarts this state from its captured input; with an InputPath the
      // interpreter would select from it twice. Parameters do the same job without that trap.
      throw new Error(`state ${name}: InputPath on a ${state.Type} state is not supported locally; use Parameters`);
    }
    if (state.Type === 'Task') {
      const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds, HeartbeatSecondsPath, Parameters, ...rest } = state;
      const resource = String(state.Resource);
      owned[name] = {
        type: 'Task',
        resource,
        waitForTaskToken: resource.endsWith('.waitForTaskToken'),
        hadParameters: Parameters !== undefined,
        ...(typeof TimeoutSeconds === 'number' ? { timeoutSeconds: TimeoutSeconds } : {}),
        ...(typeof TimeoutSecondsPath === 'string' ? { timeoutSecondsPath: TimeoutSecondsPath } : {}),
      };
      states[name] = {
        ...rest,
        Type: 'Task',
        TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS,
        Parameters: Parameters === undefined ? { '__raw.$': '$' } : { '__raw.$': '$', __params: Parameters },
      };
    } else if (state.Type === 'Wait') {
      const { Seconds, SecondsPath, Timestamp, TimestampPath, ...rest } = state;
      owned[name] = {
        type: 'Wait',
        resource: LOCAL_WAIT_RESOURCE,
        waitForTaskToken: false,
        hadParameters: false,
        wait: {
          ...(typeof Seconds === 'number' ? { Seconds } : {}),
          ...(typeof SecondsPath === 'string' ? { SecondsPath } : {}),
          ...(typeof Timestamp === 'string' ? { Timestamp } : {}),
          ...(typeof TimestampPath === 'string' ? { TimestampPath } : {}),
        },
      };
      states[name] = {
        ...rest,
        Type: 'Task',
        Resource: LOCAL_WAIT_RESOURCE,
        TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS,
        Parameters: { '__raw.$': '$' },
      };
    } else {
      states[name] = state;
    }
  }
  return { definition: { ...definition, States: states }, owned };
}

/** The definition a resumed execution runs: it starts again at the state it waited in. */
export function resumeDefinition(rewritten: MachineDefinition, stateName: string): MachineDefinition {
  if (!rewritten.States[stateName]) throw new Error(`cannot resume at unknown state ${stateName}`);
  return { ...rewritten, StartAt: stateName };
}

/** Reads a plain `$.a.b[0]` path, the only kind our definitions use for timeouts and waits. */
export function readPath(document: unknown, path: string): unknown {
  if (path === '$') return document;
  if (!path.startsWith('$.')) throw new Error(`unsupported path ${path}`);
  let current: unknown = document;
  for (const part of path.slice(2).split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) throw new Error(`unsupported path ${path}`);
    current = (current as Record<string, unknown> | undefined)?.[match[1]!];
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) current = (current as unknown[] | undefined)?.[Number(index[1])];
  }
  return current;
}
