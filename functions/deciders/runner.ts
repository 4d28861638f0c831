import type { z } from 'zod';
import { decisionOf, type DecisionMember, notDecidedHere, type Ruled } from '../../core/decisions/members';
import { ConflictError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { coded } from '../../core/problem-codes';
import { type DecisionInput, decisionInput } from '../../core/schemas';
import type { TaskKind } from '../../core/stages';
import type { TaskItem } from '../adapters/entities';
import { type Completion, completeTask, getVisibleTask, publicTask } from '../services/tasks';

/**
 * How a person's decision on a task is taken, the same for every kind: the task as the assignee
 * sees it, still open; the kind's decider reads the body (its rule, pure, in core/decisions/) and
 * says what the decision writes (its effects); `completeTask` commits them with the task and the
 * audit event in one transaction conditional on the task being open, then tells the waiting
 * execution (SendTaskSuccess; a lost callback stays `pending` for the reconciler).
 */
export interface Decider<S extends z.ZodObject, D, Ctx> {
  kind: TaskKind;
  /** The members of the one decision body (`decisionInput`, as the API documents it) this kind takes. */
  input: S;
  /** What the rule and the effects need beyond the body: the call's settings, the project, now. */
  load(task: TaskItem, actor: Actor): Promise<Ctx>;
  /** The kind's rule from core/decisions/: the decision, and the fields it refuses. */
  rule(input: z.infer<S>, ctx: Ctx): Ruled<D>;
  /** What the decision writes with the task: the move, further items, the audit action, the workflow's output. */
  effects(decision: D, ctx: Ctx, task: TaskItem, actor: Actor): Completion | Promise<Completion>;
  /** After the commit (the last expert's sheet finishes the scoring). */
  committed?(task: TaskItem): Promise<void>;
  /** A refused transaction said in the kind's own terms (a district over its cap); returning leaves the conflict as it is. */
  refused?(error: ConflictError, ctx: Ctx, task: TaskItem): Promise<void>;
}

/** A decider as the registry holds it, whatever its decision's type. */
export interface RegisteredDecider {
  kind: TaskKind;
  input: z.ZodObject;
  decide(actor: Actor, task: TaskItem, body: DecisionInput): Promise<TaskItem>;
}

/** A task kind decided by its own request, not by POST /tasks/{id}/decision: where to go instead. */
export interface DecidedElsewhere {
  decidedElsewhere: string;
}

/** A task the workflow holds (waiting on many experts, on its call): nobody decides it. */
export interface HeldByWorkflow {
  heldByWorkflow: true;
}

export type RegistryEntry = RegisteredDecider | DecidedElsewhere | HeldByWorkflow;

/** The body schema of a kind: the members it takes of the documented decision body. */
export function inputOf<M extends DecisionMember>(members: readonly M[]) {
  // The mask is built from `members`, whose keys are the shape's; zod's pick cannot see that through the mapping.
  return decisionInput.pick<{ [K in M]: true }>(Object.fromEntries(members.map((m) => [m, true])) as never);
}

export function decider<S extends z.ZodObject, D, Ctx>(d: Decider<S, D, Ctx>): RegisteredDecider {
  return { kind: d.kind, input: d.input, decide: (actor, task, body) => run(d, actor, task, body) };
}

async function run<S extends z.ZodObject, D, Ctx>(d: Decider<S, D, Ctx>, actor: Actor, task: TaskItem, body: DecisionInput) {
  const ctx = await d.load(task, actor);
  const taken = Object.keys(d.input.shape) as DecisionMember[];
  const decision = decisionOf(task.kind, body, taken, d.rule(body as z.infer<S>, ctx));
  const completion = await d.effects(decision, ctx, task, actor);
  let done: TaskItem;
  try {
    done = await completeTask(task, actor, completion);
  } catch (error) {
    if (d.refused && error instanceof ConflictError) await d.refused(error, ctx, task);
    throw error;
  }
  await d.committed?.(task);
  return done;
}

/** A decision on an open task by its assignee (404 for anyone else); what it must carry is its kind's. */
export async function decideWith(registry: Record<TaskKind, RegistryEntry>, actor: Actor, taskId: string, body: DecisionInput) {
  const task = await getVisibleTask(actor, taskId);
  if (task.status !== 'open')
    throw new ConflictError('this task has already been decided', publicTask(task), { coded: coded('task-decided') });
  const entry = registry[task.kind];
  if ('decidedElsewhere' in entry) throw new ConflictError(entry.decidedElsewhere, publicTask(task));
  if ('heldByWorkflow' in entry) throw notDecidedHere(task.kind);
  return publicTask(await entry.decide(actor, task, body));
}
