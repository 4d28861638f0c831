import { z } from 'zod';
import { definedOnly } from './records';
import { type DirectorySheet, sheetColumns, wordToCode } from './directory-sheets';
import type { Role } from './identity';
import type { OrganisationLevel, OrganisationType } from './organisations';
import type { Coded } from './problem-codes';
import { coded } from './problem-codes';
import type { HeaderProblem, SheetRow } from './directory-sheets';

/** The directory import's records and row reports, and how one row is checked and settled (core/directory-import.ts plans with them). */
export interface KnownOrganisation {
  organisationId: string;
  name: string;
  shortName?: string | undefined;
  level: OrganisationLevel;
  type: OrganisationType;
  parentId?: string | undefined;
  districtId?: string | undefined;
  creditCode?: string | undefined;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
  contactEmail?: string | undefined;
  status: 'active' | 'retired';
}
export interface KnownPerson {
  username: string;
  displayName?: string | undefined;
  role: Role;
  organisationId?: string | undefined;
  districtId?: string | undefined;
  email?: string | undefined;
  mobile?: string | undefined;
  status: 'active' | 'disabled';
}
export interface KnownExpert {
  username: string;
  specialties: string[];
  title?: string | undefined;
  declaredConflicts: string[];
  unavailable: { from: string; to: string }[];
  /** The person's name in the directory, which the pool shows. */
  displayName?: string | undefined;
  /** The employer (from the person's 所属机构) and its district: what 回避 compares. */
  organisationId?: string | undefined;
  districtId?: string | undefined;
  active: boolean;
}
export interface DirectorySnapshot {
  organisations: readonly KnownOrganisation[];
  people: readonly KnownPerson[];
  experts: readonly KnownExpert[];
  specialties: readonly { code: string; name: string }[];
}

export type RowAction = 'create' | 'change' | 'unchanged' | 'refuse';
export type CellProblem = { column: string; message: string } & Coded;
export interface RowPlan {
  sheet: DirectorySheet;
  row: number;
  /** The row's name for a person reading the report: the organisation's or person's name. */
  label: string;
  action: RowAction;
  /** The headers of the columns a `change` changes. */
  changed: string[];
  problems: CellProblem[];
}
export interface Write<T> {
  action: 'create' | 'change';
  row: number;
  record: T;
}
export interface DirectoryImportPlan {
  valid: boolean;
  headerProblems: HeaderProblem[];
  rows: RowPlan[];
  /** Parents before children, so they can be written in this order. */
  organisations: Write<KnownOrganisation>[];
  people: Write<KnownPerson>[];
  experts: Write<KnownExpert>[];
}

export interface ImportInput {
  organisations: readonly SheetRow[];
  people: readonly SheetRow[];
  experts: readonly SheetRow[];
  headerProblems?: readonly HeaderProblem[];
}

export const headerOf = (sheet: DirectorySheet, key: string) => sheetColumns[sheet].find((c) => c.key === key)!.header;
export const email = z.email();
export const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

/** Collects one row's problems by column key, in the sheet's words. */
export class RowCheck {
  readonly problems: CellProblem[] = [];
  /** `sheet`: a directory sheet, or how another workbook (the project import's) names a column key. */
  constructor(
    private readonly sheet: DirectorySheet | ((key: string) => string),
    private readonly cells: Readonly<Record<string, string>>,
  ) {}
  text(key: string, max: number, required = false): string | undefined {
    const value = this.cells[key]?.trim() || undefined;
    if (!value) {
      if (required) this.fail(key, 'is required', coded('required'));
      return undefined;
    }
    if ([...value].length > max) this.fail(key, `is longer than ${max} characters`, coded('too-long', { max }));
    return value;
  }
  choice<Code extends string>(key: string, words: Record<Code, string>, required = false): Code | undefined {
    const value = this.text(key, 20, required);
    if (value === undefined) return undefined;
    const code = wordToCode(words, value);
    if (!code) this.fail(key, `must be one of ${Object.values(words).join(', ')}`, coded('not-a-choice'));
    return code;
  }
  fail(key: string, message: string, code: Coded): void {
    const column = typeof this.sheet === 'function' ? this.sheet(key) : headerOf(this.sheet, key);
    this.problems.push({ column, message: `${column}: ${message}`, ...code });
  }
}

export const sheetOrder = (sheet: DirectorySheet) => ['organisations', 'people', 'experts'].indexOf(sheet);

/**
 * Create, change (naming the columns that differ) or leave alone; a write is queued for the first
 * two. A blank cell keeps what is recorded (a partial sheet must not wipe contacts); a new entry
 * gets the defaults for what the row leaves blank.
 */
export function settle<T extends object>(
  sheet: DirectorySheet,
  row: SheetRow,
  label: string,
  existing: T | undefined,
  record: Partial<T>,
  defaults: Partial<T>,
  writes: Write<T>[],
): RowPlan {
  // For a generic record TypeScript cannot see that Defined<Partial<T>> is a Partial<T>.
  const given = definedOnly(record) as unknown as Partial<T>;
  if (!existing) {
    writes.push({ action: 'create', row: row.row, record: { ...defaults, ...given } as T });
    return { sheet, row: row.row, label, action: 'create', changed: [], problems: [] };
  }
  const merged = { ...existing, ...given };
  const changedKeys = Object.keys(given).filter(
    (key) => !sameValue((existing as Record<string, unknown>)[key], (given as Record<string, unknown>)[key]),
  );
  if (changedKeys.length === 0) return { sheet, row: row.row, label, action: 'unchanged', changed: [], problems: [] };
  writes.push({ action: 'change', row: row.row, record: merged });
  const changed = [...new Set(changedKeys.map((key) => columnOfField(sheet, key)))];
  return { sheet, row: row.row, label, action: 'change', changed, problems: [] };
}

/** A status cell: blank is undefined (kept, or active when new), 停用 is the sheet's inactive word. */
export function statusOf<Inactive extends string>(
  word: 'active' | 'inactive' | undefined,
  inactive: Inactive,
): 'active' | Inactive | undefined {
  return word === undefined ? undefined : word === 'active' ? 'active' : inactive;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The header a record field comes from (a field read from a differently named column is mapped here). */
function columnOfField(sheet: DirectorySheet, key: string): string {
  const mapped: Record<string, string> = {
    parentId: 'parent',
    organisationId: 'organisation',
    declaredConflicts: 'conflicts',
    active: 'status',
    districtId: sheet === 'organisations' ? 'parent' : 'organisation',
  };
  const column = sheetColumns[sheet].find((c) => c.key === (mapped[key] ?? key));
  return column?.header ?? key;
}
