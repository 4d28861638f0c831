import { conflictOf, conflictReason, proposeExperts, type Declarant, type PoolExpert } from '../../core/assignment';
import { ConflictError, problemAt, ValidationError, type FieldProblem } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { getVisibleDeclaration } from './declarations';
import { configOf, getCall, requireCityAdmin } from './calls';
import { startingRound } from './invitation-start';
import { completeTask, openTasksOf, publicTask } from './tasks';

export async function expertPool(): Promise<PoolExpert[]> {
  const { data } = await store().entities.expert.query.pool({}).go({ pages: 'all' });
  return data;
}

export async function registerExpert(actor: Actor, expert: PoolExpert & { displayName: string }) {
  requireCityAdmin(actor);
  const item = { ...expert, createdAt: clock().now().toISOString() };
  await store().entities.expert.put(item).go();
  return item;
}

/** Open scoring work per expert, so a proposal spreads the load. */
export async function loads(pool: PoolExpert[]): Promise<Record<string, number>> {
  const counts = await Promise.all(
    pool.map(async (e) => {
      const { data } = await store()
        .entities.task.query.byAssignee({ assignee: `user:${e.username}`, status: 'open' })
        .go({ pages: 'all' });
      return [e.username, data.length] as const;
    }),
  );
  return Object.fromEntries(counts);
}

/** Every pool expert with whether they may review this declaration, and the proposed ones. */
export async function proposal(actor: Actor, declarationId: string) {
  requireCityAdmin(actor);
  const declaration = await getVisibleDeclaration(actor, declarationId);
  const call = await getCall(declaration.callId);
  const pool = await expertPool();
  const load = await loads(pool);
  const proposed = proposeExperts(pool, declaration, configOf(call).expertsPerDeclaration, load).map((e) => e.username);
  return {
    wanted: configOf(call).expertsPerDeclaration,
    proposed,
    pool: pool.map((e) => ({ ...e, openTasks: load[e.username] ?? 0, conflict: conflictOf(e, declaration) ?? null })),
  };
}

/** The admin's choice, each name checked against the pool and 回避; the problems name the list entry. */
export function checkChoice(pool: PoolExpert[], declaration: Declarant, chosen: string[]): PoolExpert[] {
  const problems: FieldProblem[] = [];
  const picked: PoolExpert[] = [];
  chosen.forEach((username, i) => {
    const expert = pool.find((e) => e.username === username);
    if (!expert)
      problems.push(
        problemAt(`body.experts.${i}`, `${username} is not in the expert pool`, coded('not-in-expert-pool', { expert: username })),
      );
    else if (chosen.indexOf(username) !== i)
      problems.push(problemAt(`body.experts.${i}`, `${username} is listed twice`, coded('listed-twice', { name: username })));
    else {
      const conflict = conflictReason(expert, declaration);
      if (conflict) problems.push(problemAt(`body.experts.${i}`, conflict.message, conflict.coded));
      else picked.push(expert);
    }
  });
  if (problems.length) throw new ValidationError(problems);
  return picked;
}

/**
 * The admin assigns experts (or takes the proposal). It completes the assignment task; the
 * workflow then invites them (services/invitations.ts) and scoring starts once enough accepted.
 */
export async function assignExperts(actor: Actor, declarationId: string, chosen?: string[]) {
  requireCityAdmin(actor);
  const declaration = await getVisibleDeclaration(actor, declarationId);
  const task = (await openTasksOf(declarationId)).find((t) => t.kind === 'expert_assignment');
  if (declaration.stage !== 'expert_assignment' || !task) {
    throw new ConflictError(
      `experts are assigned once formal review has passed; this declaration is in ${declaration.stage}`,
      { stage: declaration.stage },
      { coded: coded('experts-not-yet', { stage: declaration.stage }) },
    );
  }
  const call = await getCall(declaration.callId);
  const config = configOf(call);
  const pool = await expertPool();
  const experts = chosen
    ? checkChoice(pool, declaration, chosen)
    : proposeExperts(pool, declaration, config.expertsPerDeclaration, await loads(pool));
  if (experts.length === 0)
    throw new ConflictError(
      'no expert in the pool may review this declaration (回避)',
      { pool: pool.length },
      { coded: coded('no-eligible-expert') },
    );
  const usernames = experts.map((e) => e.username);
  const round = await startingRound(declaration, call, usernames);
  const done = await completeTask(task, actor, {
    move: { from: 'expert_assignment', to: 'expert_invitation', set: round.set },
    audit: { action: 'experts.assigned', reason: usernames.join(', ') },
    output: { ...round.output },
  });
  return { task: publicTask(done), experts: usernames, invitationDueAt: round.output.dueAt! };
}
