import { expect } from 'vitest';
import type { KindDefinition } from '../../core/kind-definition';
import { seededKind } from '../../local/kind-seeds';
import type { Runtime } from '../../local/runtime';
import { eventually } from './runtime';
import { completeDeclarationOf, slice } from './slice';

const DAY = 86400_000;

/** A kind as a test names it: a seeded kind's key, or a kind the test created (its key and definition). */
export type KindRef = string | { key: string; definition: KindDefinition };
export const keyOf = (kind: KindRef) => (typeof kind === 'string' ? kind : kind.key);
export const definitionOf = (kind: KindRef) => (typeof kind === 'string' ? seededKind(kind) : kind.definition);
/** The district an applicant belongs to: applicant-a1 is in district-a. */
export const districtOf = (applicant: string) => `district-${applicant.charAt('applicant-'.length)}`;

/** The selection of a whole call, step by step, each step asserting the API's answer. */
export function selection(runtime: Runtime) {
  const s = slice(runtime);
  const { api } = s;
  const ok = (reply: { status: number; body: unknown }, status = 200) => {
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    return reply.body as any;
  };

  async function createCall(kind: KindRef, adjust: Record<string, unknown> = {}) {
    const now = runtime.clock.now();
    const call = ok(
      await api.as('admin').post('/calls', {
        kind: keyOf(kind),
        year: 2026,
        title: `${definitionOf(kind).nameZh}申报（测试批次）`,
        opensAt: new Date(now.getTime() - 3600_000).toISOString(),
        closesAt: new Date(now.getTime() + 5 * DAY).toISOString(),
        ...adjust,
      }),
      201,
    );
    await callStatus(call.callId, 'open');
    return call as { callId: string; closesAt: string; quota: number; config: any };
  }

  /** A call as the admin posts it (201), opening and closing at these instants (ms); not waited on. */
  async function postCall(kind: KindRef, title: string, opensAt: number, closesAt: number) {
    const created = await api.as('admin').post('/calls', {
      kind: keyOf(kind),
      year: 2026,
      title,
      opensAt: new Date(opensAt).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
    });
    return ok(created, 201);
  }

  async function callStatus(callId: string, status: string) {
    return eventually(async () => {
      const reply = await api.as('admin').get(`/calls/${callId}`);
      return reply.body.status === status ? reply.body : undefined;
    }, `call ${callId} to be ${status}`);
  }

  async function declare(applicant: string, callId: string, kind: KindRef, title: string) {
    const draft = ok(await api.as(applicant).post(`/calls/${callId}/declarations`, completeDeclarationOf(definitionOf(kind), title)), 201);
    const submitted = ok(await api.as(applicant).post(`/declarations/${draft.declarationId}/submit`));
    expect(submitted.stage).toBe('district_review');
    return draft.declarationId as string;
  }

  async function recommend(district: string, id: string, rank: number) {
    const task = await s.openTask(district, id, 'district_recommendation');
    return api.as(district).post(`/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank });
  }

  async function formalReview(id: string, outcome: 'approve' | 'return' | 'reject', comment?: string) {
    const task = await s.openTask('admin', id, 'formal_review');
    return ok(await api.as('admin').post(`/tasks/${task.taskId}/decision`, { outcome, ...(comment ? { comment } : {}) }));
  }

  /** Experts assigned (or the proposal), and each accepts the invitation: scoring has begun. */
  async function assign(id: string, experts?: string[]) {
    await s.openTask('admin', id, 'expert_assignment');
    const assigned = ok(await api.as('admin').post(`/declarations/${id}/experts`, experts ? { experts } : {}));
    return { ...assigned, ...(await s.acceptInvitations(id, assigned.experts)) };
  }

  /** Declared, recommended by the applicant's district (at `rank`) and approved in formal review: waiting for its experts. */
  async function reviewed(applicant: string, callId: string, kind: KindRef, title: string, rank = 1) {
    const id = await declare(applicant, callId, kind, title);
    ok(await recommend(districtOf(applicant), id, rank));
    await formalReview(id, 'approve');
    return id;
  }

  /** The proposed experts assigned, each scoring every criterion at `share` of its maximum. */
  async function scoredBy(id: string, kind: KindRef, share: number) {
    const experts = (await assign(id)).experts as string[];
    for (const expert of experts) ok(await score(expert, id, sheet(kind, share)));
    return experts;
  }

  /** Each criterion scored at `share` of its maximum, so the expert's weighted score is share × 100. */
  function sheet(kind: KindRef, share: number) {
    return Object.fromEntries(definitionOf(kind).rubric.map((c) => [c.key, Math.round(c.maxScore * share * 100) / 100]));
  }

  async function score(expert: string, id: string, scores: Record<string, number>, comment = '方案完整，特色明显。') {
    const task = await s.openTask(expert, id, 'expert_score');
    return api.as(expert).post(`/tasks/${task.taskId}/decision`, { scores, comment });
  }

  /** Moves the clock past the call's closing; its workflow then waits for the shortlist. */
  async function closeWindow(call: { callId: string; closesAt: string }) {
    await runtime.clock.set(new Date(Date.parse(call.closesAt) + 60_000));
    api.forgetTokens();
    await callStatus(call.callId, 'reviewing');
    await eventually(async () => {
      const reply = await api.as('admin').get('/tasks');
      return (reply.body.items as any[]).find((t) => t.declarationId === call.callId && t.kind === 'shortlist');
    }, 'the shortlist task');
  }

  async function shortlist(callId: string, declarationIds: string[]) {
    const reply = ok(await api.as('admin').post(`/calls/${callId}/shortlist`, { declarationIds }));
    return { reply, call: await callStatus(callId, 'notice') };
  }

  async function endNotice(call: { callId: string; noticeEndsAt: string }, status = 'established') {
    await runtime.clock.set(new Date(Date.parse(call.noticeEndsAt) + 60_000));
    api.forgetTokens();
    return callStatus(call.callId, status);
  }

  return {
    ...s,
    ok,
    createCall,
    postCall,
    callStatus,
    declare,
    recommend,
    formalReview,
    assign,
    reviewed,
    scoredBy,
    sheet,
    score,
    closeWindow,
    shortlist,
    endNotice,
  };
}
