import { describe, expect, it } from 'vitest';
import { seededKind } from '../../local/kind-seeds';
import { Editor, errorAt } from '../support/kind-editor';
import { PageClient } from '../support/pages';
import { ApiClient, fileRuntime } from '../support/runtime';

const runtime = fileRuntime({ sweepIntervalMs: 0 });

/**
 * A KPI's terms in the kind editor (issue 21.1–2): its period, the mid-term rule, the task book's
 * bounds and the declaration's figure it takes are inputs of the page, kept when a version is
 * edited, and refused at their input when they contradict the target.
 */
describe('the kind editor’s KPI terms', () => {
  it('shows each term, keeps them through an edit, changes one, and refuses a minimum above the target at its input', async () => {
    const api = new ApiClient(runtime.url);
    const base = structuredClone(seededKind('elder-empowerment'));
    const definition = {
      ...base,
      acceptanceRubric: base.acceptanceRubric.map((c, i) => (i === 0 ? { ...c, fundsUse: true } : c)),
      kpiTargets: base.kpiTargets.map((k) =>
        k.key === 'placesSupplied'
          ? { ...k, period: 'year', midterm: 'first-year', minimum: 100, maximum: 600, fromField: 'plannedLearners' }
          : k,
      ),
    };
    expect((await api.as('admin').post('/kinds', { key: 'places-terms', definition })).status).toBe(201);
    const index = definition.kpiTargets.findIndex((k) => k.key === 'placesSupplied');
    const at = (member: string) => `kpiTargets.${index}.${member}`;

    const admin = await PageClient.signIn(runtime.url, 'admin');
    const made = await admin.post('/ui/office/kinds/places-terms/versions', {});
    expect(made.status).toBe(303);
    const editor = await new Editor(admin, made.location!).open();
    expect(editor.values).toMatchObject({
      [at('period')]: 'year',
      [at('midterm')]: 'first-year',
      [at('minimum')]: '100',
      [at('maximum')]: '600',
      [at('fromField')]: 'plannedLearners',
    });
    expect(editor.html).toContain('每年（按年度考核）');
    // The acceptance criterion judging the use of funds is ticked (issue 23.4); the selection rubric offers no such box.
    expect(editor.values['acceptanceRubric.0.fundsUse']).toBe('on');
    expect(editor.html).not.toContain('name="rubric.0.fundsUse"');
    expect(editor.html).toContain('中期对照第一年目标');

    // A minimum above the target is refused at its input, in Chinese, and nothing is saved.
    const target = definition.kpiTargets[index]!.target;
    const refused = await editor.press('save', { [at('minimum')]: String(target + 1) });
    expect(refused.status).toBe(422);
    expect(errorAt(editor.html, at('minimum'))).toBe(`下限不能高于目标值 ${target}`);
    expect((await api.as('admin').get('/kinds/places-terms/versions/2')).body.definition.kpiTargets[index].minimum).toBe(100);

    // Within the target: saved, every other term as it was.
    const saved = await editor.press('save', { [at('minimum')]: '90', [at('period')]: 'construction', note: '下限调整' });
    expect(saved.status).toBe(303);
    const version = (await api.as('admin').get('/kinds/places-terms/versions/2')).body;
    expect(version.definition.kpiTargets[index]).toMatchObject({
      key: 'placesSupplied',
      period: 'construction',
      midterm: 'first-year',
      minimum: 90,
      maximum: 600,
      fromField: 'plannedLearners',
    });
    expect(version.definition.acceptanceRubric[0].fundsUse).toBe(true);
    expect(version.definition.acceptanceRubric[1]).not.toHaveProperty('fundsUse');
    // The KPIs the office left alone keep their terms as absent (the unit still says the period).
    expect(version.definition.kpiTargets.find((k: { key: string }) => k.key === 'smartTraining')).not.toHaveProperty('period');
  }, 120_000);
});
