import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { eventually, startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

const HOUR = 3600_000;

/** A call's own workflow, path by path (workflows/call/README.md). */
describe('the call workflow', () => {
  it('waits for a moved opening: the old time passes and the call stays scheduled; the admin cannot adjust it once open', async () => {
    const t = selection(runtime);
    const now = runtime.clock.now().getTime();
    const created = t.ok(
      await t.api.as('admin').post('/calls', {
        kind: 'community-brand',
        year: 2026,
        title: '社区教育特色品牌项目（延期开放）',
        opensAt: new Date(now + 2 * HOUR).toISOString(),
        closesAt: new Date(now + 240 * HOUR).toISOString(),
      }),
      201,
    );
    expect(created.status).toBe('scheduled');
    const early = await t.api.as('applicant-a1').post(`/calls/${created.callId}/declarations`, { title: '未开放' });
    expect(early.status).toBe(409);
    t.ok(
      await t.api
        .as('admin')
        .patch(`/calls/${created.callId}`, { opensAt: new Date(now + 5 * HOUR).toISOString(), quota: 3, deadlines: { correction: 3 } }),
    );

    await runtime.clock.set(new Date(now + 3 * HOUR));
    t.api.forgetTokens();
    // OpenCall ran at the old time, found the opening moved, and went back to waiting (OpeningMoved).
    await eventually(async () => {
      const { events } = await runtime.engine.getExecutionHistory({ executionArn: created.executionArn });
      return events.filter((e: { type: string }) => e.type === 'PassStateEntered').length === 1;
    }, 'the OpeningMoved loop');
    expect((await t.api.as('admin').get(`/calls/${created.callId}`)).body.status).toBe('scheduled');

    await runtime.clock.set(new Date(now + 6 * HOUR));
    t.api.forgetTokens();
    const opened = await t.callStatus(created.callId, 'open');
    expect(opened.quota).toBe(3);
    expect(opened.config.deadlines).toMatchObject({ correction: 3, formalReview: 10 });
    const tooLate = await t.api.as('admin').patch(`/calls/${created.callId}`, { quota: 5 });
    expect(tooLate.status).toBe(409);

    // The call's own audit trail: who created and adjusted it, and the workflow's steps; the city office's only.
    const trail = t.ok(await t.api.as('admin').get(`/calls/${created.callId}/history`)).items as any[];
    expect(trail.map((e) => e.action)).toEqual(['call.created', 'call.configured', 'call.open']);
    expect(trail[1]).toMatchObject({ actor: 'admin', reason: 'opensAt, quota, deadlines' });
    expect((await t.api.as('applicant-a1').get(`/calls/${created.callId}/history`)).status).toBe(403);
    expect((await t.api.as('admin').get('/calls/call-nonexistent/history')).status).toBe(404);
  }, 60_000);

  it('waits at the end of the notice for an objection still open, and establishes once it is handled', async () => {
    const t = selection(runtime);
    const call = await t.createCall('elder-empowerment', { expertsPerDeclaration: 1 });
    const id = await t.declare('applicant-a1', call.callId, 'elder-empowerment', '银龄智慧课堂');
    expect((await t.recommend('district-a', id, 1)).status).toBe(200);
    await t.formalReview(id, 'approve');
    await t.assign(id, ['expert-2']);
    expect((await t.score('expert-2', id, t.sheet('elder-empowerment', 0.75))).status).toBe(200);
    await t.reached(id, 'scored');
    await t.closeWindow(call);
    const { call: inNotice } = await t.shortlist(call.callId, [id]);
    const objection = t.ok(
      await t.api
        .as('applicant-b1')
        .post(`/calls/${call.callId}/objections`, { declarationId: id, realName: '王五', reason: '课时数据存疑' }),
      201,
    );

    await t.endNotice(inNotice, 'objections');
    const waiting = await t.openTask('admin', call.callId, 'objections');
    expect(waiting.assignee).toBe('role:city-admin');
    expect((await t.api.as('admin').get(`/declarations/${id}`)).body.stage).toBe('in_notice');

    t.ok(await t.api.as('admin').post(`/objections/${objection.objectionId}/handling`, { outcome: 'dismissed', note: '课时记录核实无误' }));
    await t.callStatus(call.callId, 'established');
    await t.finished(id, 'approved');

    // One declaration's whole selection stays far inside Step Functions' limits.
    const declaration = (await t.api.as('admin').get(`/declarations/${id}`)).body;
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: declaration.executionArn, nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const transitions = events.filter((e) => e.type?.endsWith('StateEntered')).length;
    console.log(`one declaration's selection: ${transitions} state transitions, ${events.length} history events`);
    expect(transitions).toBeLessThanOrEqual(40);
    expect(events.length).toBeLessThanOrEqual(250);
  }, 60_000);

  it('fails through RecordCallFailure when a step keeps failing beyond its retries, and says so on the call', async () => {
    const t = selection(runtime);
    runtime.engine.injectFault('CallStep', { error: 'UnavailableError', times: 4 });
    const now = runtime.clock.now().getTime();
    const created = t.ok(
      await t.api.as('admin').post('/calls', {
        kind: 'demonstration-centre',
        year: 2026,
        title: '市级示范性社区教育中心（故障注入）',
        opensAt: new Date(now - HOUR).toISOString(),
        closesAt: new Date(now + 240 * HOUR).toISOString(),
      }),
      201,
    );
    await t.callStatus(created.callId, 'failed');
    const { events } = await runtime.engine.getExecutionHistory({ executionArn: created.executionArn });
    expect(events.filter((e: { type: string }) => e.type === 'TaskFailed')).toHaveLength(4);
    await eventually(
      async () => (await runtime.engine.describeExecution({ executionArn: created.executionArn })).status === 'FAILED',
      'the execution to fail',
    );
  }, 60_000);
});
