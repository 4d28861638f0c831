import { describe, expect, it } from 'vitest';
import { type DirectoryImportPlan, type DirectorySnapshot, type ImportInput, planDirectoryImport } from '../../core/directory-import';
import { columnsOfHeader, parseDateWindow, type SheetRow, sheetColumns, splitList } from '../../core/directory-sheets';

const city = {
  organisationId: 'city',
  name: '某市终身教育办公室',
  level: 'city' as const,
  type: 'bureau' as const,
  status: 'active' as const,
};
const empty: DirectorySnapshot = {
  organisations: [city],
  people: [],
  experts: [],
  specialties: [
    { code: 'elder', name: '老年教育' },
    { code: 'governance', name: '社区治理' },
    { code: 'curriculum', name: '课程建设' },
  ],
};

let counter = 0;
const newId = () => `org-${++counter}`;
const rows = (...cells: Record<string, string>[]): SheetRow[] => cells.map((c, i) => ({ row: i + 2, cells: c }));
const organisation = (name: string, level: string, parent: string, extra: Record<string, string> = {}) => ({
  name,
  level,
  type: level === '区县' ? '主管部门' : '社区教育中心',
  parent,
  ...extra,
});

/** A network the size the issue names: 3 districts, 12 centres, 20 experts. */
function network(): ImportInput {
  const districts = ['甲区', '乙区', '丙区'];
  const organisations = rows(
    // Children before parents on purpose: the planner settles parents first whatever the order.
    ...districts.flatMap((d) => [1, 2, 3, 4].map((n) => organisation(`${d}第${n}街道社区学校`, '街道乡镇', `${d}社区教育主管部门`))),
    ...districts.map((d) => organisation(`${d}社区教育主管部门`, '区县', city.name)),
    organisation('市老年大学', '区县', city.name, { type: '老年大学', contactPhone: '021-5555 0101' }),
  );
  const people = rows(
    ...districts.map((d, i) => ({
      username: `district-${i}`,
      displayName: `${d}审核员`,
      role: '区县审核员',
      organisation: `${d}社区教育主管部门`,
      email: `d${i}@example.cn`,
    })),
    ...Array.from({ length: 20 }, (_, i) => ({
      username: `expert-${i}`,
      displayName: `专家${i}`,
      role: '评审专家',
      organisation: `${districts[i % 3]}第${(i % 4) + 1}街道社区学校`,
      email: `e${i}@example.cn`,
    })),
  );
  const experts = rows(
    ...Array.from({ length: 20 }, (_, i) => ({
      username: `expert-${i}`,
      specialties: i % 2 ? '老年教育、课程建设' : '社区治理',
      title: '副教授',
    })),
  );
  return { organisations, people, experts };
}

/** The directory as the plan's writes leave it. */
function applied(snapshot: DirectorySnapshot, plan: DirectoryImportPlan): DirectorySnapshot {
  const put = <T, K extends keyof T>(list: readonly T[], key: K, writes: { record: T }[]) => {
    const map = new Map(list.map((item) => [item[key], item]));
    for (const { record } of writes) map.set(record[key], record);
    return [...map.values()];
  };
  return {
    ...snapshot,
    organisations: put(snapshot.organisations, 'organisationId', plan.organisations),
    people: put(snapshot.people, 'username', plan.people),
    experts: put(snapshot.experts, 'username', plan.experts),
  };
}

const refusals = (plan: DirectoryImportPlan) =>
  plan.rows
    .filter((r) => r.action === 'refuse')
    .map((r) => ({ sheet: r.sheet, row: r.row, problems: r.problems.map((p) => [p.column, p.code]) }));

describe('the directory import plan', () => {
  it('creates a network of 3 districts, 12 centres and 20 experts, parents before children', () => {
    const plan = planDirectoryImport(empty, network(), newId);
    expect(refusals(plan)).toEqual([]);
    expect(plan.valid).toBe(true);
    expect(plan.rows.filter((r) => r.action === 'create')).toHaveLength(16 + 23 + 20);
    const ids = plan.organisations.map((w) => w.record.organisationId);
    for (const { record } of plan.organisations)
      if (record.parentId !== 'city') expect(ids.indexOf(record.parentId!)).toBeLessThan(ids.indexOf(record.organisationId));
    const school = plan.organisations.find((w) => w.record.name === '乙区第2街道社区学校')!.record;
    const district = plan.organisations.find((w) => w.record.name === '乙区社区教育主管部门')!.record;
    expect(school).toMatchObject({
      parentId: district.organisationId,
      districtId: district.organisationId,
      level: 'street',
      status: 'active',
    });
    const expert = plan.experts.find((w) => w.record.username === 'expert-4')!.record;
    expect(expert).toMatchObject({
      specialties: ['governance'],
      organisationId: expect.any(String),
      districtId: expect.any(String),
      active: true,
    });
    expect(plan.people.find((w) => w.record.username === 'district-1')!.record.districtId).toBe(
      plan.organisations.find((w) => w.record.name === '乙区社区教育主管部门')!.record.organisationId,
    );
  });

  it('changes nothing when the same file is imported again', () => {
    const first = planDirectoryImport(empty, network(), newId);
    const again = planDirectoryImport(applied(empty, first), network(), newId);
    expect(again.valid).toBe(true);
    expect(again.rows.every((r) => r.action === 'unchanged')).toBe(true);
    expect([...again.organisations, ...again.people, ...again.experts]).toEqual([]);
  });

  it('names the changed columns and keeps what a blank cell leaves out', () => {
    const first = planDirectoryImport(empty, network(), newId);
    const input = network();
    input.organisations = input.organisations.map((r) =>
      r.cells.name === '市老年大学' ? { ...r, cells: { ...r.cells, shortName: '老年大学', contactPhone: '' } } : r,
    );
    const plan = planDirectoryImport(applied(empty, first), input, newId);
    const row = plan.rows.find((r) => r.label === '市老年大学')!;
    expect(row).toMatchObject({ action: 'change', changed: ['简称'] });
    expect(plan.organisations[0]!.record).toMatchObject({ shortName: '老年大学', contactPhone: '021-5555 0101' });
  });

  it('finds an organisation by its credit code even when renamed', () => {
    const code = '91350100M000100Y43';
    const known = {
      ...empty,
      organisations: [
        city,
        {
          organisationId: 'x',
          name: '旧名',
          level: 'district' as const,
          type: 'bureau' as const,
          parentId: 'city',
          districtId: 'x',
          creditCode: code,
          status: 'active' as const,
        },
      ],
    };
    const plan = planDirectoryImport(
      known,
      { organisations: rows(organisation('新名', '区县', city.name, { creditCode: code })), people: [], experts: [] },
      newId,
    );
    expect(plan.rows[0]).toMatchObject({ action: 'change', changed: ['机构名称'] });
    expect(plan.organisations[0]!.record.organisationId).toBe('x');
  });

  it('refuses the whole file, naming row and column, when one row is wrong', () => {
    const input = network();
    input.organisations = [
      ...input.organisations,
      { row: 40, cells: organisation('丁区某街道', '街道乡镇', '丁区社区教育主管部门') },
      { row: 41, cells: organisation('甲区第1街道社区学校', '街道乡镇', '甲区社区教育主管部门') },
      {
        row: 42,
        cells: organisation('某教学点', '村居教学点', '甲区社区教育主管部门', {
          creditCode: '123',
          contactPhone: '12345',
          contactEmail: 'nobody',
        }),
      },
      { row: 43, cells: organisation('某区', '省', city.name) },
    ];
    input.people = [
      ...input.people,
      { row: 50, cells: { username: 'x y', displayName: '某人', role: '校长', email: 'a@b.cn', mobile: '021-5555 0101' } },
    ];
    input.experts = [
      ...input.experts,
      { row: 60, cells: { username: 'district-0', specialties: '天文' } },
      { row: 61, cells: { username: 'expert-1', specialties: '老年教育', unavailable: '2027-02-30至2027-03-01' } },
    ];
    const plan = planDirectoryImport(empty, input, newId);
    expect(plan.valid).toBe(false);
    expect(refusals(plan)).toEqual([
      { sheet: 'organisations', row: 40, problems: [['上级机构', 'import-unknown-organisation']] },
      { sheet: 'organisations', row: 41, problems: [['机构名称', 'import-duplicate-row']] },
      {
        sheet: 'organisations',
        row: 42,
        problems: [
          ['统一社会信用代码', 'not-a-credit-code'],
          ['联系电话', 'not-a-phone'],
          ['电子邮箱', 'bad-format'],
          ['上级机构', 'organisation-parent-level'],
        ],
      },
      { sheet: 'organisations', row: 43, problems: [['层级', 'not-a-choice']] },
      {
        sheet: 'people',
        row: 50,
        problems: [
          ['登录名', 'bad-format'],
          ['角色', 'not-a-choice'],
          ['手机', 'not-a-phone'],
        ],
      },
      {
        sheet: 'experts',
        row: 60,
        problems: [
          ['登录名', 'import-not-an-expert'],
          ['专业领域', 'import-unknown-specialty'],
        ],
      },
      {
        sheet: 'experts',
        row: 61,
        problems: [
          ['不可评审时段', 'import-bad-window'],
          ['登录名', 'import-duplicate-row'],
        ],
      },
    ]);
    // The duplicate names the row it repeats.
    expect(plan.rows.find((r) => r.row === 41)!.problems[0]).toMatchObject({ params: { row: 2 } });
  });

  it('asks for a credit code when a parent name is not unique, and takes it', () => {
    const code = '91350100M000100Y43';
    const twins = [
      {
        organisationId: 'a',
        name: '同名中心',
        level: 'district' as const,
        type: 'bureau' as const,
        parentId: 'city',
        status: 'active' as const,
      },
      {
        organisationId: 'b',
        name: '同名中心',
        level: 'district' as const,
        type: 'bureau' as const,
        parentId: 'city',
        creditCode: code,
        status: 'active' as const,
      },
    ];
    const known = { ...empty, organisations: [city, ...twins] };
    const byName = planDirectoryImport(
      known,
      { organisations: rows(organisation('某街道', '街道乡镇', '同名中心')), people: [], experts: [] },
      newId,
    );
    expect(refusals(byName)[0]!.problems).toEqual([['上级机构', 'import-ambiguous-organisation']]);
    const byCode = planDirectoryImport(
      known,
      { organisations: rows(organisation('某街道', '街道乡镇', code)), people: [], experts: [] },
      newId,
    );
    expect(byCode.organisations[0]!.record.parentId).toBe('b');
  });

  it('says a child of a refused row is refused because of that row', () => {
    const plan = planDirectoryImport(
      empty,
      {
        organisations: rows(organisation('某区', '区县', '不存在的市'), organisation('某街道', '街道乡镇', '某区')),
        people: [],
        experts: [],
      },
      newId,
    );
    expect(refusals(plan).map((r) => r.problems)).toEqual([
      [['上级机构', 'import-unknown-organisation']],
      [['上级机构', 'import-parent-refused']],
    ]);
  });
});

describe('the import sheets', () => {
  it('names a missing required column and an unknown one', () => {
    const headers = sheetColumns.people.map((c) => c.header).filter((h) => h !== '角色');
    expect(columnsOfHeader('people', [...headers, '备注'])).toMatchObject({
      problems: [
        { sheet: 'people', column: '备注', problem: 'unknown-column' },
        { sheet: 'people', column: '角色', problem: 'missing-column' },
      ],
    });
  });
  it('splits lists on the separators people type, and reads periods', () => {
    expect(splitList('老年教育、课程建设，财务; 社区治理')).toEqual(['老年教育', '课程建设', '财务', '社区治理']);
    expect(parseDateWindow('2027-01-10至2027-01-20')).toEqual({ from: '2027-01-10', to: '2027-01-20' });
    expect(parseDateWindow('2027-01-20~2027-01-10')).toBeUndefined();
    expect(parseDateWindow('2027-02-30至2027-03-01')).toBeUndefined();
  });
});
