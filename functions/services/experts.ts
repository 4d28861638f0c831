import { proposeExperts } from '../../core/assignment';
import { exclusionOf, readDrawRecord, refusalOf, replayDraw, type DrawRecord, type DrawRequest } from '../../core/draw';
import { ConflictError, ShenbaoError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { store, type DeclarationItem } from '../adapters/entities';
import { historyOf } from './audit';
import { configOf, getCall, requireCityAdmin } from './calls';
import { getVisibleDeclaration } from './declarations';
import { drawContext, drawForDeclaration, drawRequestOf, type DrawContext } from './expert-draw';
import { openTaskLoads, pickFrom, poolEntries, type PoolEntry } from './expert-pool';
import { startingRound } from './invitation-start';
import { completeTask, openTasksOf, publicTask } from './tasks';

/** Every pool expert with whether they may review this declaration and why not, and a load-sorted suggestion. */
export async function proposal(actor: Actor, declarationId: string) {
  requireCityAdmin(actor);
  const declaration = await getVisibleDeclaration(actor, declarationId);
  const call = await getCall(declaration.callId);
  const request = drawRequestOf(declaration, call);
  const pool = await poolEntries();
  const load = await openTaskLoads(pool.map((e) => e.username));
  const eligible = pool.filter((e) => !exclusionOf(e, request));
  const wanted = configOf(call).expertsPerDeclaration;
  return {
    wanted,
    specialties: request.specialties,
    proposed: proposeExperts(eligible, declaration, wanted, load).map((e) => e.username),
    pool: pool.map((e) => {
      const reason = exclusionOf(e, request);
      return {
        ...e,
        openTasks: load[e.username] ?? 0,
        exclusion: reason ?? null,
        conflict: reason ? refusalOf(reason, e.displayName).message : null,
      };
    }),
  };
}

/**
 * The office's pick by hand, refused by the same rules as the draw (core/draw.ts exclusionOf:
 * inactive, 回避 of organisation, district, declared conflict and relationship, specialty,
 * unavailable): each problem names the list entry and the expert by name.
 */
export function checkPick(pool: PoolEntry[], request: Omit<DrawRequest, 'count' | 'load' | 'seed'>, chosen: string[]): PoolEntry[] {
  return pickFrom(pool, chosen, (expert) => {
    const reason = exclusionOf(expert, request);
    return reason && refusalOf(reason, expert.displayName ?? expert.username);
  });
}

/**
 * The office assigns experts: named, a pick by hand; none named, the random draw (随机抽取) of the
 * call's number of experts, recorded for replay. It completes the assignment task; the workflow
 * then invites them (services/invitations.ts) and scoring starts once enough accepted.
 * `context` is a call-level draw's shared pool and load.
 */
export async function assignExperts(actor: Actor, declarationId: string, chosen?: string[], context?: DrawContext) {
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
  let usernames: string[];
  let draw: { seed: number; eligible: string[] } | undefined;
  if (chosen) {
    usernames = checkPick(context?.pool ?? (await poolEntries()), drawRequestOf(declaration, call), chosen).map((e) => e.username);
  } else {
    const result = await drawForDeclaration(actor, declaration, call, { count: config.expertsPerDeclaration }, context);
    usernames = result.drawn;
    draw = { seed: result.seed, eligible: result.eligible };
  }
  if (usernames.length === 0)
    throw new ConflictError(
      'no expert in the pool may review this declaration (回避)',
      { eligible: 0 },
      { coded: coded('no-eligible-expert') },
    );
  const round = await startingRound(declaration, call, usernames);
  const done = await completeTask(task, actor, {
    move: { from: 'expert_assignment', to: 'expert_invitation', set: round.set },
    audit: { action: 'experts.assigned', reason: usernames.join(', ') },
    output: { ...round.output },
  });
  return { task: publicTask(done), experts: usernames, invitationDueAt: round.output.dueAt!, ...(draw ? { draw } : {}) };
}

/** One declaration's outcome in a call-level draw: its experts, or the problem that stopped it. */
export type CallDrawOutcome =
  | { declarationId: string; experts: string[]; seed: number; eligible: string[] }
  | { declarationId: string; problem: string };

/**
 * A draw for every declaration of the call waiting for its experts, one after another over one
 * read of the pool, the load raised as each is drawn so the whole call is balanced. One that cannot
 * be drawn (nobody eligible, a race) is reported and the others go on.
 */
export async function drawForCall(actor: Actor, callId: string): Promise<{ callId: string; items: CallDrawOutcome[] }> {
  requireCityAdmin(actor);
  await getCall(callId);
  const { data } = await store().entities.declaration.query.byCall({ callId }).go({ pages: 'all' });
  const waiting = data.filter((d: DeclarationItem) => d.stage === 'expert_assignment');
  const context = await drawContext();
  const items: CallDrawOutcome[] = [];
  for (const { declarationId } of waiting) {
    try {
      const assigned = await assignExperts(actor, declarationId, undefined, context);
      items.push({ declarationId, experts: assigned.experts, seed: assigned.draw!.seed, eligible: assigned.draw!.eligible });
    } catch (error) {
      if (!(error instanceof ShenbaoError)) throw error;
      items.push({ declarationId, problem: error.message });
    }
  }
  return { callId, items };
}

/** A recorded draw with its replay: what an inspector is shown. */
export interface ReplayedDraw extends DrawRecord {
  at: string;
  actor: string;
  replayed: string[];
  agrees: boolean;
}

/** The declaration's recorded draws, oldest first, each replayed from its seed and eligible list alone. */
export async function drawsOf(actor: Actor, declarationId: string): Promise<ReplayedDraw[]> {
  requireCityAdmin(actor);
  await getVisibleDeclaration(actor, declarationId);
  const draws: ReplayedDraw[] = [];
  for (const event of await historyOf(declarationId)) {
    const record = event.action === 'experts.drawn' ? readDrawRecord(event.reason) : undefined;
    if (!record) continue;
    const replayed = replayDraw(record);
    draws.push({ ...record, at: event.at, actor: event.actor, replayed, agrees: replayed.join() === record.drawn.join() });
  }
  return draws;
}
