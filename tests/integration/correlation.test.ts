import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { eventually, startTestRuntime } from '../support/runtime';
import { completeDeclaration, slice } from '../support/slice';

/**
 * One correlation id from an API request, through the execution it starts (its input), into the
 * step handlers the local Step Functions endpoint invokes, their log lines and the audit events
 * they write: what an operator follows from a request to everything it set going.
 */
let runtime: Runtime;
let s: ReturnType<typeof slice>;
const logLines: Record<string, any>[] = [];

beforeAll(async () => {
  // The functions' log lines, as CloudWatch Logs would receive them from each Lambda.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) logLines.push(JSON.parse(line));
    return true;
  });
  runtime = await startTestRuntime({ sweepIntervalMs: 0, logLevel: 'INFO' });
  s = slice(runtime);
});
afterAll(async () => {
  await runtime?.stop();
  vi.restoreAllMocks();
});
const stepLine = (kind: string, declarationId: string) =>
  logLines.find((l) => l.message === 'step' && l.handler === 'OpenTask' && l.kind === kind && l.declarationId === declarationId);

describe('the correlation id', () => {
  it('travels from the submitting request into the execution, its step handlers’ logs and their audit events', async () => {
    const callId = await s.openCall();
    const draft = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, completeDeclaration);
    const id = draft.body.declarationId as string;
    const submitted = await s.api.request('POST', `/declarations/${id}/submit`, {
      as: 'applicant-a1',
      headers: { 'x-request-id': 'corr-submit-1' },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.headers.get('x-request-id')).toBe('corr-submit-1');

    // The execution's input carries it; the open-step handler, invoked by the execution, logs it.
    const { executionArn } = (await s.api.as('admin').get(`/declarations/${id}`)).body;
    const execution = await s.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(execution.input!)).toMatchObject({ declarationId: id, correlationId: 'corr-submit-1' });
    const opened = await eventually(async () => stepLine('district_recommendation', id), 'the open-step handler’s log line');
    expect(opened).toMatchObject({ correlation_id: 'corr-submit-1', service: 'shenbao', level: 'INFO' });

    // A decision is its own request: its log line and audit event carry its id; the step that
    // follows in the execution is still the execution's, the submitting request's.
    const task = await s.openTask('district-a', id, 'district_recommendation');
    const decided = await s.api.request('POST', `/tasks/${task.taskId}/decision`, {
      as: 'district-a',
      body: { outcome: 'recommend', rank: 1 },
      headers: { 'x-request-id': 'corr-decide-1' },
    });
    expect(decided.status).toBe(200);
    expect(logLines.find((l) => l.message === 'decision' && l.taskId === task.taskId)).toMatchObject({
      kind: 'district_recommendation',
      outcome: 'recommend',
      correlation_id: 'corr-decide-1',
    });
    expect(await eventually(async () => stepLine('formal_review', id), 'the formal review’s open-task line')).toMatchObject({
      correlation_id: 'corr-submit-1',
    });

    // The step logs before it writes; the task open in the office's inbox means its audit event is in.
    await s.openTask('admin', id, 'formal_review');
    const history = (await s.api.as('admin').get(`/declarations/${id}/history`)).body.items as any[];
    const by = (action: string) => history.find((e) => e.action === action)?.correlationId;
    expect(by('task.opened.district_recommendation')).toBe('corr-submit-1');
    expect(by('district.recommend')).toBe('corr-decide-1');
    expect(by('task.opened.formal_review')).toBe('corr-submit-1');
  });

  it('is a fresh id for a request that brings none, returned as X-Request-Id', async () => {
    const reply = await s.api.request('GET', '/health');
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
