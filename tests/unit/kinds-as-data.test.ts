import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rubricMaximum } from '../../core/kind-definition';
import { kindSeeds } from '../../local/kind-seeds';

const root = join(import.meta.dirname, '..', '..');
/** Everything that runs or builds shenbao: what must not know any one kind. */
const CODE = ['core', 'functions', 'local', 'workflows', 'stacks', 'bench', 'scripts'];
/** The two kinds issue 20 added from configuration alone, by key and by name. */
const CONFIGURED_ONLY = ['citizen-learning-garden', 'community-study-tour', '市民学习苑', '社区教育游学项目'];

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

describe('kinds are data (issue 20.1)', () => {
  it('no code names the kinds built from configuration alone', () => {
    const scanned = CODE.flatMap((dir) => [...files(join(root, dir))]);
    expect(scanned.length).toBeGreaterThan(200);
    const naming = scanned.flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      return CONFIGURED_ONLY.filter((name) => text.includes(name)).map((name) => `${path.slice(root.length + 1)}: ${name}`);
    });
    expect(naming).toEqual([]);
  });

  it('the configuration holds them, each a valid definition whose rubrics sum to 100', () => {
    const seeds = kindSeeds();
    const configured = seeds.filter((seed) => CONFIGURED_ONLY.includes(seed.key));
    expect(configured.map((seed) => [seed.key, seed.definition.nameZh])).toEqual([
      ['citizen-learning-garden', '市民学习苑'],
      ['community-study-tour', '社区教育游学项目'],
    ]);
    for (const { key, definition } of configured) {
      expect(definition.lifecycle, key).toBe('acceptance-only');
      expect([rubricMaximum(definition.rubric), rubricMaximum(definition.acceptanceRubric)], key).toEqual([100, 100]);
      // Typed fields, not only text: a choice, a table, money and a yes/no.
      for (const type of ['select', 'table', 'money', 'yesno'])
        expect(
          definition.form.some((f) => f.type === type),
          `${key} ${type}`,
        ).toBe(true);
      expect(
        definition.kpiTargets.every((k) => k.unit.length > 0),
        key,
      ).toBe(true);
      expect(definition.eligibility.minimums.length, key).toBeGreaterThan(0);
    }
  });
});
