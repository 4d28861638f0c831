import { z } from 'zod';
import { type OrganisationLevel, organisationLevels, type OrganisationType, organisationTypes } from './organisations';
import type { Role } from './identity';

/**
 * The directory import workbook (组织机构, 人员账号, 评审专家) as data: each sheet's columns, their
 * Chinese headers and the words a cell may hold. The template the office downloads and the parser
 * that reads it back are both built from these, so they cannot drift apart.
 */
export const directorySheets = ['organisations', 'people', 'experts'] as const;
export type DirectorySheet = (typeof directorySheets)[number];

export interface ColumnDefinition {
  key: string;
  header: string;
  required?: boolean;
  /** The words a cell may hold (a drop-down in the template). */
  choices?: readonly string[];
  /** What to write, shown as the header's note in the template. */
  hint: string;
  width: number;
}

export const levelWords: Record<OrganisationLevel, string> = { city: '市', district: '区县', street: '街道乡镇', point: '村居教学点' };
export const typeWords: Record<OrganisationType, string> = {
  bureau: '主管部门',
  'community-education-centre': '社区教育中心',
  'elder-university': '老年大学',
  'community-school': '社区学校',
  'teaching-point': '教学点',
  other: '其他',
};
export const roleWords: Record<Role, string> = {
  'city-admin': '市级管理员',
  'district-reviewer': '区县审核员',
  expert: '评审专家',
  applicant: '申报单位',
};
export const statusWords = { active: '在用', inactive: '停用' } as const;

/** The list separator people type in a cell: Chinese or Western commas, 顿号, semicolons or new lines. */
export const LIST_SEPARATOR = /[,，、;；\n]+/;

export const sheetTitles: Record<DirectorySheet, string> = { organisations: '组织机构', people: '人员账号', experts: '评审专家' };

export const sheetColumns: Record<DirectorySheet, readonly ColumnDefinition[]> = {
  organisations: [
    { key: 'name', header: '机构名称', required: true, hint: '全称，如：A区甲街道社区教育中心', width: 30 },
    { key: 'shortName', header: '简称', hint: '可不填', width: 16 },
    {
      key: 'level',
      header: '层级',
      required: true,
      choices: organisationLevels.map((l) => levelWords[l]),
      hint: '市 / 区县 / 街道乡镇 / 村居教学点',
      width: 12,
    },
    {
      key: 'type',
      header: '类型',
      required: true,
      choices: organisationTypes.map((t) => typeWords[t]),
      hint: '主管部门、社区教育中心等',
      width: 14,
    },
    { key: 'parent', header: '上级机构', hint: '上级机构的全称或统一社会信用代码；市级不填', width: 30 },
    { key: 'creditCode', header: '统一社会信用代码', hint: '18位；填写后按此识别同一机构', width: 22 },
    { key: 'contactName', header: '联系人', hint: '可不填', width: 10 },
    { key: 'contactPhone', header: '联系电话', hint: '手机或带区号的固定电话', width: 16 },
    { key: 'contactEmail', header: '电子邮箱', hint: '可不填', width: 22 },
    { key: 'status', header: '状态', choices: Object.values(statusWords), hint: '在用 / 停用；新增不填为在用，已有不填则不变', width: 8 },
  ],
  people: [
    { key: 'username', header: '登录名', required: true, hint: '字母、数字、点、横线或下划线，3–64位', width: 16 },
    { key: 'displayName', header: '姓名', required: true, hint: '页面和通知中显示的名字', width: 14 },
    {
      key: 'role',
      header: '角色',
      required: true,
      choices: Object.values(roleWords),
      hint: '市级管理员 / 区县审核员 / 评审专家 / 申报单位',
      width: 12,
    },
    { key: 'organisation', header: '所属机构', hint: '机构全称或统一社会信用代码；专家填工作单位', width: 30 },
    { key: 'email', header: '电子邮箱', required: true, hint: '账号邀请发到此邮箱', width: 24 },
    { key: 'mobile', header: '手机', hint: '截止提醒短信发到此号码', width: 16 },
    { key: 'status', header: '状态', choices: Object.values(statusWords), hint: '在用 / 停用；新增不填为在用，已有不填则不变', width: 8 },
  ],
  experts: [
    { key: 'username', header: '登录名', required: true, hint: '人员账号中角色为评审专家的登录名', width: 16 },
    { key: 'specialties', header: '专业领域', required: true, hint: '专业领域名称，多个用顿号分隔', width: 24 },
    { key: 'title', header: '职称', hint: '如：教授、高级讲师', width: 12 },
    { key: 'conflicts', header: '回避机构', hint: '须回避的机构全称，多个用顿号分隔', width: 30 },
    { key: 'unavailable', header: '不可评审时段', hint: '如：2027-01-10至2027-01-20；多个用分号分隔', width: 26 },
    { key: 'status', header: '状态', choices: Object.values(statusWords), hint: '在用 / 停用；新增不填为在用，已有不填则不变', width: 8 },
  ],
};

/** One data row as read: the row's number in the sheet and its cells as text, keyed by column key. */
export interface SheetRow {
  row: number;
  cells: Readonly<Record<string, string>>;
}

export interface HeaderProblem {
  sheet: DirectorySheet;
  column: string;
  problem: 'missing-column' | 'unknown-column';
}

/**
 * Which column key each header of a sheet's first row names, and what is wrong with the header
 * row: a required column absent, a header the template does not have (a typo would otherwise drop
 * a column silently).
 */
export function columnsOfHeader(
  sheet: DirectorySheet,
  headers: readonly string[],
): { keys: (string | undefined)[]; problems: HeaderProblem[] } {
  const columns = sheetColumns[sheet];
  const keys = headers.map((header) => columns.find((c) => c.header === header.trim())?.key);
  const problems: HeaderProblem[] = [];
  headers.forEach((header, i) => {
    if (header.trim() && !keys[i]) problems.push({ sheet, column: header.trim(), problem: 'unknown-column' });
  });
  for (const column of columns) {
    if (column.required && !keys.includes(column.key)) problems.push({ sheet, column: column.header, problem: 'missing-column' });
  }
  return { keys, problems };
}

/** The code a Chinese word in a choice column stands for (also accepting the code itself). */
export function wordToCode<Code extends string>(words: Record<Code, string>, cell: string): Code | undefined {
  const entry = Object.entries(words).find(([code, word]) => word === cell || code === cell);
  return entry?.[0] as Code | undefined;
}

export function splitList(cell: string | undefined): string[] {
  return (cell ?? '')
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** 2027-01-10至2027-01-20 (至, ~, －, or a dash between two ISO dates); undefined when it is not one. */
export function parseDateWindow(text: string): { from: string; to: string } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})\s*(?:至|~|～|—|－|--)\s*(\d{4}-\d{2}-\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [, from, to] = match as unknown as [string, string, string];
  const valid = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
  return valid(from) && valid(to) && from <= to ? { from, to } : undefined;
}

const sheetRows = z
  .array(z.strictObject({ row: z.int().min(2).max(1_048_576), cells: z.record(z.string().max(200), z.string().max(5000)) }))
  .max(5000);

/** The rows of the three sheets as JSON: what the API's import takes and the pages' confirmation carries. */
export const importRowsInput = z.strictObject({
  organisations: sheetRows.default([]),
  people: sheetRows.default([]),
  experts: sheetRows.default([]),
});
