import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { ApiClient, eventually } from './runtime';

import type { FieldDefinition } from '../../core/form-definition';
import type { KindDefinition } from '../../core/kind-definition';
import { seededKind } from '../../local/kind-seeds';

/** A value of each field type an applicant could give. */
function sampleValueOf(field: FieldDefinition): unknown {
  switch (field.type) {
    // A numeric field as a form posts it ("120"): the API reads it as the number 120.
    case 'integer':
    case 'decimal':
      return '120';
    case 'money':
      return 1_200_000;
    case 'date':
      return '2027-03-01';
    case 'select':
      return field.options[0]!.value;
    case 'multiselect':
      return [field.options[0]!.value];
    case 'phone':
      return '021-5555 0101';
    case 'email':
      return 'contact@example.org';
    case 'yesno':
      return true;
    case 'table':
      return [Object.fromEntries(field.columns.map((column) => [column.key, sampleValueOf(column)]))];
    case 'material':
      return undefined;
    default:
      return `${field.labelZh}：示例内容`;
  }
}

/** A declaration with every field and material its kind (a seeded kind's key, or a definition) requires, ready to submit. */
export function completeDeclarationOf(kind: string | KindDefinition, title = '银龄数字课堂') {
  const preset = typeof kind === 'string' ? seededKind(kind) : kind;
  return {
    title,
    summary: '为辖区老年人开设智能手机与移动支付课程，每周两次。',
    contactName: '王老师',
    contactPhone: '021-5555 0101',
    fields: Object.fromEntries(preset.form.filter((f) => f.type !== 'material').map((f) => [f.key, sampleValueOf(f)])),
    materials: preset.materials
      .filter((m) => m.required)
      .map((m) => ({ key: m.key, fileName: `${m.key}.pdf`, contentType: 'application/pdf', sizeBytes: 102400 })),
  };
}
export const completeDeclaration = completeDeclarationOf('elder-empowerment');

/** The steps of the slice, each asserting the API's answer, so a test reads as the story it tells. */
export function slice(runtime: Runtime) {
  const api = new ApiClient(runtime.url);
  const sfn = new SFNClient({
    endpoint: runtime.sfnEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  async function openCall(kind = 'elder-empowerment') {
    const now = runtime.clock.now();
    const reply = await api.as('admin').post('/calls', {
      kind,
      year: now.getUTCFullYear(),
      title: '老年教育赋能项目申报',
      opensAt: new Date(now.getTime() - 3600_000).toISOString(),
      closesAt: new Date(now.getTime() + 30 * 86400_000).toISOString(),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.callId as string;
  }

  /** Submitted and recommended by its district: the declaration waits for formal review. */
  async function submittedDeclaration(applicant = 'applicant-a1', beforeRecommending?: () => void) {
    const callId = await openCall();
    const draft = await api.as(applicant).post(`/calls/${callId}/declarations`, completeDeclaration);
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body.declarationId as string;
    const submitted = await api.as(applicant).post(`/declarations/${id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.stage).toBe('district_review');
    const district = `district-${applicant.charAt('applicant-'.length)}`;
    const recommendation = await openTask(district, id, 'district_recommendation');
    // A fault injected here hits the next step the workflow takes, the formal review.
    beforeRecommending?.();
    const recommended = await api.as(district).post(`/tasks/${recommendation.taskId}/decision`, { outcome: 'recommend', rank: 1 });
    expect(recommended.status, JSON.stringify(recommended.body)).toBe(200);
    return id;
  }

  /** Waits until the declaration reaches a stage (the workflow moves on asynchronously). */
  async function reached(declarationId: string, stage: string) {
    return eventually(async () => {
      const reply = await api.as('admin').get(`/declarations/${declarationId}`);
      return reply.body.stage === stage ? reply.body : undefined;
    }, `${declarationId} to reach ${stage}`);
  }

  /** The open task of a kind on a declaration, as its assignee sees it in GET /tasks. */
  async function openTask(username: string, declarationId: string, kind: string) {
    return eventually(async () => {
      const reply = await api.as(username).get('/tasks');
      return (reply.body.items as any[]).find(
        (task) => task.declarationId === declarationId && task.kind === kind && task.status === 'open',
      );
    }, `${kind} task of ${declarationId} in ${username}'s inbox`);
  }

  /**
   * Each invited expert accepts their invitation (专家邀请); the last acceptance starts scoring.
   * Returns the review's due date, as the experts' scoring tasks carry it.
   */
  async function acceptInvitations(declarationId: string, experts: string[]) {
    for (const expert of experts) {
      const invitation = await openTask(expert, declarationId, 'expert_invitation');
      const accepted = await api.as(expert).post(`/tasks/${invitation.taskId}/decision`, { outcome: 'accept' });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    }
    await reached(declarationId, 'expert_review');
    const scoring = await openTask(experts[0]!, declarationId, 'expert_score');
    return { reviewDueAt: scoring.dueAt as string };
  }

  async function executionStatus(declarationId: string) {
    const { executionArn } = (await api.as('admin').get(`/declarations/${declarationId}`)).body;
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status;
  }

  async function finished(declarationId: string, stage: string) {
    await eventually(async () => (await executionStatus(declarationId)) === 'SUCCEEDED', `the workflow of ${declarationId} to succeed`);
    const reply = await api.as('admin').get(`/declarations/${declarationId}`);
    expect(reply.body.stage).toBe(stage);
    // The selection leaves no task open; an established project's task book confirmation (issue 21.1) is the project's.
    expect(reply.body.openTasks.filter((t: { kind: string }) => t.kind !== 'task_book_confirmation')).toEqual([]);
    return reply.body;
  }

  /** An execution's whole history, page after page. */
  async function history(executionArn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  return { api, sfn, openCall, submittedDeclaration, openTask, acceptInvitations, executionStatus, finished, reached, history };
}
