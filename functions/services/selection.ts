import { ConflictError, NotFoundError, problemAt, ValidationError } from '../../core/errors';
import { workflowActor } from '../../core/identity';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { newId } from '../../core/ids';
import { rank, type Scores } from '../../core/scoring';
import { type AppliedScore, appliedRuleText, scoringRuleText } from '../../core/scoring-rule';
import { clock } from '../adapters/clock';
import { store, type DeclarationItem, type ObjectionItem } from '../adapters/entities';
import { auditItem } from './audit';
import { spend } from './rate-limits';
import { configOf, getCall, requireCityAdmin } from './calls';
import { completeTask, openTasksOf, publicTask } from './tasks';

/** Per-call selection: ranking, shortlist (择优), public notice (公示) and objections (异议). */

export async function declarationsOfCall(callId: string): Promise<DeclarationItem[]> {
  const { data } = await store().entities.declaration.query.byCall({ callId }).go({ pages: 'all' });
  return data;
}

const rankedStages: DeclarationItem['stage'][] = ['scored', 'in_notice', 'approved', 'not_selected'];

export async function ranking(actor: Actor, callId: string) {
  requireCityAdmin(actor);
  const call = await getCall(callId);
  const config = configOf(call);
  const scored = (await declarationsOfCall(callId)).filter((d) => rankedStages.includes(d.stage) && d.score);
  const ranked = rank(
    scored.map((d) => {
      const score = d.score as { combined: number | null; criterionMeans: Scores };
      return {
        declarationId: d.declarationId,
        combined: score.combined,
        criterionMeans: score.criterionMeans,
        submittedAt: d.submittedAt ?? d.createdAt,
      };
    }),
    config.rubric,
    config.tieBreak,
  );
  const byId = new Map(scored.map((d) => [d.declarationId, d]));
  return {
    callId,
    quota: call.quota,
    status: call.status,
    shortlist: call.shortlist ?? [],
    /** The call's scoring rule in words, as the page and the export state it. */
    rule: { zh: scoringRuleText(config, 'zh'), en: scoringRuleText(config, 'en') },
    items: ranked.map((r) => {
      const d = byId.get(r.declarationId)!;
      return {
        ...r,
        /** How this combined score was reached, e.g. a trimmed mean with fewer than five totals taken as the mean. */
        applied: appliedRuleText(d.score as AppliedScore, 'zh'),
        title: d.title,
        organisationId: d.organisationId,
        districtId: d.districtId,
        stage: d.stage,
        score: d.score,
        withinQuota: r.rank <= call.quota,
      };
    }),
  };
}

/** The admin confirms the shortlist within the quota; two admins confirming at once get one winner. */
export async function confirmShortlist(actor: Actor, callId: string, declarationIds: string[]) {
  requireCityAdmin(actor);
  const call = await getCall(callId);
  const task = (await openTasksOf(callId)).find((t) => t.kind === 'shortlist');
  if (!task)
    throw new ConflictError(
      `the shortlist is confirmed after the call closes, once; the call is ${call.status}`,
      { status: call.status, shortlist: call.shortlist ?? null },
      { coded: coded('shortlist-not-now') },
    );
  if (declarationIds.length > call.quota) {
    throw new ValidationError([
      problemAt(
        'body.declarationIds',
        `${declarationIds.length} chosen, more than the call’s quota of ${call.quota}`,
        coded('over-quota', { chosen: declarationIds.length, quota: call.quota }),
      ),
    ]);
  }
  const declarations = new Map((await declarationsOfCall(callId)).map((d) => [d.declarationId, d]));
  const problems = declarationIds.flatMap((id, i) => {
    const d = declarations.get(id);
    if (!d) return [problemAt(`body.declarationIds.${i}`, `${id} is not a declaration of this call`, coded('not-in-call', { id }))];
    if (declarationIds.indexOf(id) !== i)
      return [problemAt(`body.declarationIds.${i}`, `${id} is listed twice`, coded('listed-twice', { name: id }))];
    if (d.stage !== 'scored')
      return [problemAt(`body.declarationIds.${i}`, `${id} is in ${d.stage}, not scored`, coded('not-scored', { id, stage: d.stage }))];
    return [];
  });
  if (problems.length) throw new ValidationError(problems);
  const done = await completeTask(task, actor, {
    audit: { action: 'shortlist.confirmed', reason: declarationIds.join(', ') },
    output: { declarationIds },
    extra: ({ call: calls, declaration }) => [
      calls.patch({ callId }).set({ shortlist: declarationIds, shortlistedBy: actor.username }).commit(),
      ...declarationIds.map((declarationId) =>
        declaration
          .patch({ declarationId })
          .set({ shortlisted: true })
          .where(({ stage }, { eq }) => eq(stage, 'scored'))
          .commit(),
      ),
    ],
  });
  return { task: publicTask(done), shortlist: declarationIds };
}

/** What the public notice shows any signed-in user while it runs. */
export async function notice(callId: string) {
  const call = await getCall(callId);
  const items = (await declarationsOfCall(callId))
    .filter((d) => d.stage === 'in_notice' || (d.shortlisted && call.status === 'established'))
    .map((d) => ({
      declarationId: d.declarationId,
      title: d.title,
      organisationId: d.organisationId,
      districtId: d.districtId,
      combined: (d.score as { combined?: number } | undefined)?.combined ?? null,
      stage: d.stage,
    }));
  return { callId, title: call.title, status: call.status, opensAt: call.noticeOpensAt ?? null, endsAt: call.noticeEndsAt ?? null, items };
}

function noticeIsOpen(call: { status: string; noticeEndsAt?: string | undefined }, now: Date): boolean {
  return call.status === 'notice' && !!call.noticeEndsAt && now.getTime() < Date.parse(call.noticeEndsAt);
}

/** An objection is taken while the call's notice runs, and only to a declaration in it: 409, or 422 at the declaration. */
export async function requireObjectable(callId: string, declarationId: string, now: Date) {
  const call = await getCall(callId);
  if (!noticeIsOpen(call, now)) {
    throw new ConflictError(
      'objections are accepted only while the public notice runs',
      { status: call.status, noticeEndsAt: call.noticeEndsAt ?? null },
      { coded: coded('objections-closed') },
    );
  }
  const { data: declaration } = await store().entities.declaration.get({ declarationId }).go();
  if (!declaration || declaration.callId !== callId || declaration.stage !== 'in_notice') {
    throw new ValidationError([problemAt('body.declarationId', 'not a declaration in this call’s public notice', coded('not-in-notice'))]);
  }
  return call;
}

/** Anyone signed in may object, under their real name, while the notice runs and only then. */
export async function fileObjection(
  actor: Actor,
  callId: string,
  input: { declarationId: string; realName: string; reason: string; evidence?: string | undefined },
) {
  // Every well-formed attempt counts, filed or refused, through the API or a page alike.
  await spend('objection', actor.username);
  const now = clock().now();
  await requireObjectable(callId, input.declarationId, now);
  const item: ObjectionItem = {
    objectionId: newId('obj', now.getTime()),
    callId,
    declarationId: input.declarationId,
    filedBy: actor.username,
    realName: input.realName,
    reason: input.reason,
    ...(input.evidence ? { evidence: input.evidence } : {}),
    status: 'open',
    filedAt: now.toISOString(),
  };
  await store()
    .transaction.write(({ objection, auditEvent }) => [
      objection.create(item).commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: input.declarationId,
            actor: actor.username,
            action: 'objection.filed',
            reason: input.reason.slice(0, 500),
          }),
        )
        .commit(),
    ])
    .go();
  return item;
}

export async function objectionsOf(actor: Actor, callId: string) {
  requireCityAdmin(actor);
  await getCall(callId);
  const { data } = await store().entities.objection.query.byCall({ callId }).go({ pages: 'all' });
  return { items: data };
}

/**
 * Upheld removes the declaration from the notice's outcome, dismissed keeps it; either is
 * recorded. When the notice has ended and this was the last open objection, establishment goes on.
 */
export async function handleObjection(actor: Actor, objectionId: string, input: { outcome: 'upheld' | 'dismissed'; note: string }) {
  requireCityAdmin(actor);
  const db = store();
  const { data: current } = await db.entities.objection.get({ objectionId }).go();
  if (!current) throw new NotFoundError(`objection ${objectionId} not found`);
  if (current.status !== 'open')
    throw new ConflictError('this objection has already been handled', current, { coded: coded('objection-handled') });
  const now = clock().now().toISOString();
  const result = await db.transaction
    .write(({ objection, declaration, auditEvent }) => [
      objection
        .patch({ objectionId })
        .set({ status: input.outcome, handledBy: actor.username, handledAt: now, note: input.note })
        .where(({ status }, { eq }) => eq(status, 'open'))
        .commit(),
      ...(input.outcome === 'upheld'
        ? [
            declaration
              .patch({ declarationId: current.declarationId })
              .set({ objectionUpheld: true, lastReason: `异议成立：${input.note}` })
              .commit(),
          ]
        : []),
      auditEvent
        .create(
          auditItem({
            declarationId: current.declarationId,
            actor: actor.username,
            action: `objection.${input.outcome}`,
            reason: input.note,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled)
    throw new ConflictError('this objection has already been handled', (await db.entities.objection.get({ objectionId }).go()).data, {
      coded: coded('objection-handled'),
    });
  const handled = { ...current, status: input.outcome, handledBy: actor.username, handledAt: now, note: input.note };
  await continueIfObjectionsHandled(current.callId);
  return handled;
}

async function continueIfObjectionsHandled(callId: string) {
  const waiting = (await openTasksOf(callId)).find((t) => t.kind === 'objections');
  if (!waiting || (await openObjectionCount(callId)) > 0) return;
  try {
    await completeTask(waiting, workflowActor, { audit: { action: 'objections.all_handled' }, output: { handled: true } });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error; // the other handler's request got there first
  }
}

export async function openObjectionCount(callId: string): Promise<number> {
  const { data } = await store()
    .entities.objection.query.byCall({ callId })
    .where(({ status }, { eq }) => eq(status, 'open'))
    .go({ pages: 'all' });
  return data.length;
}
