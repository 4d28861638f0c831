import { describe, expect, it } from 'vitest';
import type { KindDefinition } from '../../core/kind-definition';
import { seededKind } from '../../local/kind-seeds';
import { fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';

const DAY = 86400_000;
const runtime = fileRuntime();
const s = late(() => selection(runtime));
const admin = () => s.api.as('admin');

/** A definition to change member by member: the elder-empowerment kind as seeded. */
const base = (): KindDefinition => structuredClone(seededKind('elder-empowerment'));
const fieldsAt = (reply: { status: number; body: any }) => (reply.body.errors as { field: string; message: string }[]).map((e) => e.field);

describe('kinds as the office’s data (issue 20.1)', () => {
  it('the seeded kinds are listed with their names, the two examples built from configuration among them', async () => {
    const { items } = s.ok(await s.api.as('applicant-a1').get('/kinds'));
    expect(items.map((k: { key: string }) => k.key)).toEqual([
      'citizen-learning-garden',
      'community-brand',
      'community-study-tour',
      'demonstration-centre',
      'elder-empowerment',
    ]);
    expect(items.find((k: { key: string }) => k.key === 'citizen-learning-garden')).toMatchObject({
      nameZh: '市民学习苑',
      latestVersion: 1,
      status: 'active',
    });
    const tour = s.ok(await s.api.as('applicant-a1').get('/kinds/community-study-tour/versions/1'));
    expect(tour.definition).toMatchObject({ nameZh: '社区教育游学项目', lifecycle: 'acceptance-only', rubricTotal: 100 });
    expect(tour.definition.form.map((f: { type: string }) => f.type)).toEqual(
      expect.arrayContaining(['select', 'table', 'money', 'yesno']),
    );
  });

  it('refuses a bad definition at the member it is about (422)', async () => {
    const duplicate = base();
    duplicate.form.push({ ...duplicate.form[0]! });
    const noUnit = base() as any;
    noUnit.kpiTargets[0].unit = '';
    const noOptions = base();
    noOptions.form.push({ type: 'select', key: 'level', labelZh: '级别', labelEn: 'Level', required: true, options: [] });
    const badTotal = base();
    badTotal.rubric[0]!.maxScore = 25;
    const tooMany = base();
    tooMany.form = Array.from({ length: 101 }, (_, i) => ({
      type: 'yesno',
      key: `q${i}`,
      labelZh: `问题${i}`,
      labelEn: `Q${i}`,
      required: false,
    }));
    const cases: [KindDefinition, string][] = [
      [duplicate, `body.definition.form.${duplicate.form.length - 1}.key`],
      [noUnit, 'body.definition.kpiTargets.0.unit'],
      [noOptions, `body.definition.form.${noOptions.form.length - 1}.options`],
      [badTotal, 'body.definition.rubric'],
      [tooMany, 'body.definition.form'],
    ];
    for (const [definition, field] of cases) {
      const reply = await admin().post('/kinds', { key: 'bad-kind', definition });
      expect(reply.status, field).toBe(422);
      expect(fieldsAt(reply), field).toContain(field);
    }
    expect((await s.api.as('admin').get('/kinds/bad-kind')).status).toBe(404);
  });

  it('takes a definition up to 1 MiB and no more (413)', async () => {
    const big = { key: 'too-big', definition: { ...base(), padding: 'x'.repeat(1024 * 1024) } };
    expect((await admin().post('/kinds', big)).status).toBe(413);
  });

  it('only the city office writes kinds; a key in use is 409', async () => {
    expect((await s.api.as('district-a').post('/kinds', { key: 'district-kind', definition: base() })).status).toBe(403);
    const reply = await admin().post('/kinds', { key: 'elder-empowerment', definition: base() });
    expect(reply.status).toBe(409);
  });

  it('a call keeps the version it opened with; that version is frozen (409) and a change is a new version', async () => {
    const definition = { ...base(), nameZh: '社区读书会项目', nameEn: 'Community reading circles' };
    const created = s.ok(await admin().post('/kinds', { key: 'reading-circle', definition, note: '首版' }), 201);
    expect(created).toMatchObject({ key: 'reading-circle', version: 1, inUse: false, createdBy: 'admin' });
    // Unused, a version may still be edited.
    const edited = s.ok(await admin().put('/kinds/reading-circle/versions/1', { definition: { ...definition, quota: 8 } }));
    expect(edited.definition.quota).toBe(8);

    const now = runtime.clock.now().getTime();
    const call = s.ok(
      await admin().post('/calls', {
        kind: 'reading-circle',
        year: 2027,
        title: '社区读书会项目申报',
        opensAt: new Date(now + 2 * DAY).toISOString(),
        closesAt: new Date(now + 30 * DAY).toISOString(),
      }),
      201,
    );
    expect(call).toMatchObject({ kind: 'reading-circle', kindVersion: 1, kindNameZh: '社区读书会项目', quota: 8 });
    expect(s.ok(await admin().get('/kinds/reading-circle/versions/1')).inUse).toBe(true);

    const frozen = await admin().put('/kinds/reading-circle/versions/1', { definition: { ...definition, quota: 9 } });
    expect(frozen.status).toBe(409);
    expect(frozen.body.detail).toMatch(/used by a call/);

    const second = s.ok(await admin().post('/kinds/reading-circle/versions', { note: '调整名额' }), 201);
    expect(second).toMatchObject({ version: 2, inUse: false, definition: { quota: 8 } });
    s.ok(await admin().put('/kinds/reading-circle/versions/2', { definition: { ...definition, nameZh: '社区读书会', quota: 12 } }));
    const { kind, versions } = s.ok(await admin().get('/kinds/reading-circle'));
    expect(kind).toMatchObject({ latestVersion: 2, nameZh: '社区读书会' });
    expect(versions.map((v: { version: number; inUse: boolean }) => [v.version, v.inUse])).toEqual([
      [1, true],
      [2, false],
    ]);

    // The running call is as it was; a new call takes the latest version unless told otherwise.
    expect(s.ok(await admin().get(`/calls/${call.callId}`))).toMatchObject({ kindVersion: 1, kindNameZh: '社区读书会项目', quota: 8 });
    const window = { year: 2027, opensAt: new Date(now + 2 * DAY).toISOString(), closesAt: new Date(now + 30 * DAY).toISOString() };
    const latest = s.ok(await admin().post('/calls', { kind: 'reading-circle', title: '第二批', ...window }), 201);
    expect(latest).toMatchObject({ kindVersion: 2, kindNameZh: '社区读书会', quota: 12 });
    const pinned = s.ok(await admin().post('/calls', { kind: 'reading-circle', kindVersion: 1, title: '第三批', ...window }), 201);
    expect(pinned).toMatchObject({ kindVersion: 1, quota: 8 });
    const history = s.ok(await admin().get('/kinds/reading-circle/history')).items.map((e: { action: string }) => e.action);
    expect(history).toEqual(['kind.created', 'kind.edited', 'kind.versioned', 'kind.edited']);
  });

  it('a call of a kind or version that does not exist is refused at the field', async () => {
    const now = runtime.clock.now().getTime();
    const window = {
      year: 2027,
      title: '无此类型',
      opensAt: new Date(now + DAY).toISOString(),
      closesAt: new Date(now + 9 * DAY).toISOString(),
    };
    expect(fieldsAt(await admin().post('/calls', { kind: 'no-such-kind', ...window }))).toEqual(['body.kind']);
    expect(fieldsAt(await admin().post('/calls', { kind: 'elder-empowerment', kindVersion: 99, ...window }))).toEqual(['body.kindVersion']);
  });
  it('two editors of one version never overwrite each other: the save of an older revision is 409, nothing written', async () => {
    s.ok(await admin().post('/kinds', { key: 'two-editors', definition: base() }), 201);
    const read = s.ok(await admin().get('/kinds/two-editors/versions/1'));
    const first = { ...base(), nameZh: '甲的改动' };
    const second = { ...base(), nameZh: '乙的改动' };
    // Both read revision 1; the first save wins and moves it to 2.
    const saved = await admin().put('/kinds/two-editors/versions/1', { definition: first, revision: read.revision });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.revision).toBe(read.revision + 1);
    const stale = await admin().put('/kinds/two-editors/versions/1', { definition: second, revision: read.revision });
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('changed meanwhile');
    expect(s.ok(await admin().get('/kinds/two-editors/versions/1')).definition.nameZh).toBe('甲的改动');
    // Read again, the second editor's save goes through.
    const again = await admin().put('/kinds/two-editors/versions/1', { definition: second, revision: saved.body.revision });
    expect(again.status).toBe(200);
    expect(s.ok(await admin().get('/kinds/two-editors/versions/1')).definition.nameZh).toBe('乙的改动');
  });
});
