import { stateMachineArnOf } from '../../local/sfn/definitions';
import { describe, expect, it } from 'vitest';
import type { KindDefinition } from '../../core/kind-definition';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/aws';
import { store } from '../../functions/adapters/entities';
import { freezeVersionsOfStoredCalls } from '../../functions/services/kinds';
import { seededKind } from '../../local/kind-seeds';
import { after, projects } from '../support/project';
import { eventually, fileRuntime, late } from '../support/runtime';

const runtime = fileRuntime();
const p = late(() => projects(runtime));

/** A kind the office makes in the API from the elder-empowerment kind, changed only where said. */
async function officeKind(key: string, change: Partial<KindDefinition>) {
  const definition = { ...structuredClone(seededKind('elder-empowerment')), ...change };
  p.ok(await p.api.as('admin').post('/kinds', { key, definition }), 201);
  return { key, definition };
}

const actionsOf = async (id: string) =>
  (p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[]).map((e) => e.action);

describe('a kind’s lifecycle and outcome are its data (issue 20.1)', () => {
  it("'selection-only': an established declaration ends at 立项 with its title, and no construction execution starts", async () => {
    const kind = await officeKind('learning-star', {
      nameZh: '百姓学习之星',
      nameEn: 'Learning star',
      lifecycle: 'selection-only',
      outcome: { type: 'title', titleZh: '百姓学习之星', titleEn: 'Learning star', validityYears: 3 },
      acceptanceRubric: [],
      acceptanceRubricTotal: 0,
    });
    const call = await p.createCall(kind);
    expect(call).toMatchObject({ kind: 'learning-star', kindVersion: 1, kindNameZh: '百姓学习之星' });
    const id = await p.reviewed('applicant-a1', call.callId, kind, '社区学习带头人');
    await p.scoredBy(id, kind, 0.9);
    await p.reached(id, 'scored');
    await p.closeWindow(call);
    const { call: inNotice } = await p.shortlist(call.callId, [id]);
    await p.endNotice(inNotice);
    await p.finished(id, 'approved');

    const history = (p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as any[]).filter(
      (e) => e.action === 'selection.concluded',
    );
    expect(history).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^授予百姓学习之星称号（沪终身办〔\d{4}〕\d+号）$/) }),
    ]);
    expect(await actionsOf(id)).not.toContain('construction.started');
    expect((await p.api.as('admin').get(`/projects/${id}`)).status).toBe(404);
    // 立项 was the call's step (the declaration's execution ended at scoring), and it started nothing.
    const established = (await p.history(`${stateMachineArnOf('call').replace(':stateMachine:', ':execution:')}:${call.callId}`)).find(
      (e) => e.stateExitedEventDetails?.name === 'Establish',
    );
    expect(JSON.parse(established!.stateExitedEventDetails!.output!).established.Payload).toEqual({
      approved: 1,
      notSelected: 0,
      notStarted: 0,
    });
    // The title is held from 立项, so a kind that refuses the already named sees it.
    const { data: title } = await store().entities.title.get({ kind: 'learning-star', organisationId: 'centre-a1' }).go();
    // Numbered like a title conferred at acceptance, from the same counter; the number is in the history.
    expect(title).toMatchObject({
      declarationId: id,
      titleZh: '百姓学习之星',
      status: 'valid',
      number: expect.stringMatching(/^沪终身办〔\d{4}〕\d+号$/),
    });
    expect(history[0].reason).toContain(title!.number);
    expect(new Date(title!.validUntil).getUTCFullYear() - new Date(title!.namedAt).getUTCFullYear()).toBe(3);
  });

  it("'acceptance-only': the project has no mid-term and goes to one 结项验收; its outcome recommends upward as the kind says", async () => {
    const kind = await officeKind('study-tour-lite', {
      nameZh: '社区教育游学线路',
      nameEn: 'Study-tour route',
      lifecycle: 'acceptance-only',
      outcome: { type: 'recommendation', toZh: '省级游学线路', toEn: 'a provincial study-tour route' },
    });
    const id = await p.establishOne(kind, 'applicant-a2', '运河文化游学线路');
    const project = await p.view(id);
    expect(project).toMatchObject({ stage: 'construction', lifecycle: 'acceptance-only', midtermDone: true });
    expect(project.milestoneList.map((m: { key: string }) => m.key)).toEqual(['constructionStarts', 'acceptanceOpens', 'constructionEnds']);

    await p.advanceTo(id, after(project.milestones.acceptanceOpensAt));
    expect((p.ok(await p.api.as('applicant-a2').get(`/projects/${id}`)).openTasks as { kind: string }[]).map((t) => t.kind)).toEqual([
      'acceptance_application',
    ]);
    await p.report('applicant-a2', id, 'acceptance_application', p.actuals(kind, 1.1), '全年开展游学 14 期。');
    await p.assess(id, kind, 0.95);
    await p.decide('admin', id, 'acceptance_decision', { outcome: 'excellent', comment: '线路成熟', recommendToProvince: true });
    const accepted = await p.stage(id, 'accepted');
    expect(accepted.acceptance.result).toMatchObject({ recommendToProvince: true, recommendedTo: { zh: '省级游学线路' } });
    expect(accepted.naming).toBeUndefined();
    const actions = await actionsOf(id);
    expect(actions).not.toContain('midterm.started');
    expect(actions).toEqual(expect.arrayContaining(['construction.started', 'acceptance.opened', 'acceptance.applied']));
    // The acceptance workflow's last step records the recommendation, with what the kind recommends to.
    const recommended = await eventually(
      async () =>
        (p.ok(await p.api.as('admin').get(`/declarations/${id}/history`)).items as { action: string; reason?: string }[]).find(
          (e) => e.action === 'project.recommended_to_province',
        ),
      'the recommendation to be recorded',
      60_000,
    );
    expect(recommended.reason).toBe('验收优秀，择优推荐申报省级游学线路');
  });

  it('a kind whose outcome is none refuses a recommendation at the field', async () => {
    const kind = await officeKind('no-outcome', { outcome: { type: 'none' }, constructionMonths: 6, lifecycle: 'acceptance-only' });
    const id = await p.establishOne(kind, 'applicant-b1', '社区夜校');
    await p.advanceTo(id, after((await p.view(id)).milestones.acceptanceOpensAt));
    await p.report('applicant-b1', id, 'acceptance_application', p.actuals(kind, 1), '完成。');
    await p.assess(id, kind, 0.95);
    const refused = await p.decide('admin', id, 'acceptance_decision', { outcome: 'excellent', recommendToProvince: true }, 422);
    expect(refused.reply.errors.map((e: { field: string }) => e.field)).toEqual(['body.recommendToProvince']);
  });
});

describe('a call stored before kinds were data (issue 20.1)', () => {
  it('reads with version 1 and its kind’s names, and takes a declaration through its old form', async () => {
    const call = await p.createCall('elder-empowerment');
    // As such a call was written: no version, no names, the old form and none of the new settings.
    const legacy = seededKind('elder-empowerment');
    const {
      form: _form,
      lifecycle: _l,
      outcome: _o,
      tieBreak: _t,
      eligibility: _e,
      rubricTotal: _r,
      acceptanceRubricTotal: _a,
      ...old
    } = call.config;
    // A call stored before kinds were data had text and number fields only (no table such as the budget).
    const oldForm = legacy.form.filter((f) => f.type !== 'table');
    const formFields = oldForm.map((f) =>
      f.type === 'integer' || f.type === 'decimal'
        ? { key: f.key, labelZh: f.labelZh, labelEn: f.labelEn, required: f.required, maxLength: 20, type: f.type, min: f.min, max: f.max }
        : { key: f.key, labelZh: f.labelZh, labelEn: f.labelEn, required: f.required, maxLength: 'maxLength' in f ? f.maxLength : 2000 },
    );
    // Written raw: the model requires what such a call lacks.
    const { data: item } = (await store().entities.call.get({ callId: call.callId }).go({ data: 'raw' })) as unknown as {
      data: { Item: Record<string, unknown> };
    };
    const { kindVersion: _v, kindNameZh: _zh, kindNameEn: _en, ...stored } = item.Item;
    await documentClient().send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ...stored, config: { ...old, formFields } } }));
    const raw = (
      await store()
        .entities.call.get({ callId: call.callId })
        .go({ attributes: ['kindNameZh'] })
    ).data;
    expect(raw?.kindNameZh).toBeUndefined();

    const read = p.ok(await p.api.as('applicant-a1').get(`/calls/${call.callId}`));
    expect(read).toMatchObject({ kind: 'elder-empowerment', kindVersion: 1, kindNameZh: '老年教育赋能项目' });
    expect(read.config.form).toBeUndefined();
    const id = await p.declare(
      'applicant-a1',
      call.callId,
      { key: 'elder-empowerment', definition: { ...legacy, form: oldForm } },
      '旧通知下的申报',
    );
    expect(p.ok(await p.api.as('applicant-a1').get(`/declarations/${id}`))).toMatchObject({ stage: 'district_review' });

    // A stage whose calls were stored before its kinds were seeded: the seeding freezes the version those calls used.
    await store().entities.kindVersion.patch({ key: 'elder-empowerment', version: 1 }).set({ inUse: false }).go();
    expect(await freezeVersionsOfStoredCalls()).toEqual(['elder-empowerment']);
    const edit = await p.api.as('admin').put('/kinds/elder-empowerment/versions/1', { definition: legacy, note: '改旧版' });
    expect(edit.status).toBe(409);
    expect(await freezeVersionsOfStoredCalls()).toEqual([]);
  });
});
