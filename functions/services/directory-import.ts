import {
  type DirectoryImportPlan,
  type DirectorySnapshot,
  type ImportInput,
  type KnownOrganisation,
  type KnownPerson,
  planDirectoryImport,
  type RowAction,
  type RowPlan,
} from '../../core/directory-import';
import { type HeaderProblem, sheetTitles } from '../../core/directory-sheets';
import { problemAt, ValidationError } from '../../core/errors';
import { type Actor, roles } from '../../core/identity';
import { newId } from '../../core/ids';
import { coded } from '../../core/problem-codes';
import { definedOnly } from '../../core/records';
import { districtOfItem } from '../adapters/model/directory';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { createPerson, setPersonStatus, updatePersonByOffice } from './accounts';
import { requireCityAdmin } from './calls';
import { directoryTemplate } from './directory-workbook';
import { poolEntries, registerExpert, updateExpert } from './expert-pool';
import { createOrganisation, listOrganisations, setOrganisationStatus, updateOrganisation } from './organisations';
import { listSpecialties } from './specialties';

export interface ImportReport {
  valid: boolean;
  applied: boolean;
  counts: Record<RowAction, number>;
  headerProblems: HeaderProblem[];
  rows: RowPlan[];
}

/** A file that is not valid as a whole: nothing was written. The report says why, row by row. */
export class ImportRefusedError extends ValidationError {
  constructor(readonly report: ImportReport) {
    super(
      report.headerProblems.length || report.rows.some((r) => r.action === 'refuse')
        ? [
            ...report.headerProblems.map((p) =>
              problemAt(
                `body.${p.sheet}`,
                `${sheetTitles[p.sheet]}: ${p.problem === 'missing-column' ? 'missing' : 'unknown'} column ${p.column}`,
                coded(p.problem === 'missing-column' ? 'import-missing-column' : 'import-unknown-column', { column: p.column }),
              ),
            ),
            ...report.rows.flatMap((r) => r.problems.map((p) => problemAt(`body.${r.sheet}.row-${r.row}.${p.column}`, p.message, p))),
          ]
        : [problemAt('body', 'nothing to import')],
    );
  }
}

export async function importTemplate(): Promise<Uint8Array> {
  const specialties = await listSpecialties();
  return directoryTemplate(specialties.map((s) => ({ name: s.nameZh })));
}

/**
 * The directory as the import compares against it: every organisation (the city office's keyed
 * query of the whole network), every person (by role: four keyed queries) and the pool. A city's directory is hundreds of
 * entries, read once per import.
 */
async function snapshotOf(actor: Actor): Promise<DirectorySnapshot> {
  const [organisations, people, experts, specialties] = await Promise.all([
    listOrganisations(actor, {}),
    Promise.all(roles.map((role) => store().entities.person.query.byRole({ role }).go({ pages: 'all' }))).then((r) =>
      r.flatMap((p) => p.data),
    ),
    poolEntries(),
    listSpecialties(),
  ]);
  return {
    organisations: organisations.map(
      (o): KnownOrganisation => ({
        organisationId: o.organisationId,
        name: o.name,
        shortName: o.shortName,
        level: o.level,
        type: o.type,
        parentId: o.parentId,
        districtId: districtOfItem(o),
        creditCode: o.creditCode,
        contactName: o.contact?.name,
        contactPhone: o.contact?.phone,
        contactEmail: o.contact?.email,
        status: o.status,
      }),
    ),
    people: people.map(
      (p): KnownPerson => ({
        username: p.username,
        displayName: p.displayName,
        role: p.role,
        organisationId: p.organisationId,
        districtId: p.districtId,
        email: p.email,
        mobile: p.mobile,
        status: p.status ?? 'active',
      }),
    ),
    experts,
    specialties: specialties.map((s) => ({ code: s.code, name: s.nameZh })),
  };
}

const countsOf = (rows: readonly RowPlan[]) =>
  Object.fromEntries(
    (['create', 'change', 'unchanged', 'refuse'] as const).map((a) => [a, rows.filter((r) => r.action === a).length]),
  ) as Record<RowAction, number>;

/**
 * Plans the import against the directory as it is now; writes it unless this is a dry run. A file
 * with any refused row is refused whole (ImportRefusedError, carrying the report) and nothing is
 * written. The writes go through the same services as the pages' single edits — their checks,
 * uniqueness guards and audit events — parents first. Each is idempotent by its natural key, so
 * should one fail part-way (the directory changed meanwhile), importing the same file again
 * finishes the job and changes nothing that is done.
 */
export async function importDirectory(actor: Actor, input: ImportInput, options: { dryRun: boolean }): Promise<ImportReport> {
  requireCityAdmin(actor);
  const now = clock().now().getTime();
  const plan = planDirectoryImport(await snapshotOf(actor), input, () => newId('org', now));
  const report = { valid: plan.valid, applied: false, counts: countsOf(plan.rows), headerProblems: plan.headerProblems, rows: plan.rows };
  if (!plan.valid && !options.dryRun) throw new ImportRefusedError(report);
  if (options.dryRun) return report;
  await writePlan(actor, plan);
  return { ...report, applied: true };
}

async function writePlan(actor: Actor, plan: DirectoryImportPlan): Promise<void> {
  for (const { action, record: o } of plan.organisations) {
    const contact =
      o.contactName || o.contactPhone || o.contactEmail ? { name: o.contactName, phone: o.contactPhone, email: o.contactEmail } : undefined;
    const fields = { name: o.name, shortName: o.shortName, type: o.type, parentId: o.parentId, creditCode: o.creditCode, contact };
    if (action === 'create') {
      await createOrganisation(actor, { level: o.level, ...definedOnly(fields) }, o.organisationId);
      if (o.status === 'retired') await setOrganisationStatus(actor, o.organisationId, 'retired');
    } else {
      await updateOrganisation(actor, o.organisationId, definedOnly(fields));
      await setOrganisationStatus(actor, o.organisationId, o.status);
    }
  }
  for (const { action, record: p } of plan.people) {
    if (action === 'create') {
      await createPerson(actor, {
        username: p.username,
        displayName: p.displayName!,
        role: p.role,
        organisationId: p.organisationId!,
        email: p.email!,
        ...(p.mobile ? { mobile: p.mobile } : {}),
      });
    } else await updatePersonByOffice(actor, p.username, definedOnly({ displayName: p.displayName, mobile: p.mobile }));
    if (p.status === 'disabled' || action === 'change') await setPersonStatus(actor, p.username, p.status);
  }
  for (const { action, record: e } of plan.experts) {
    const fields = definedOnly({
      displayName: e.displayName,
      specialties: e.specialties,
      title: e.title,
      declaredConflicts: e.declaredConflicts,
      unavailable: e.unavailable,
      active: e.active,
      organisationId: e.organisationId,
      districtId: e.districtId,
    });
    const { displayName = e.username, organisationId, districtId, ...rest } = fields;
    if (action === 'create') {
      // The plan refuses an expert without an employer in a district (core/directory-import.ts).
      if (!organisationId || !districtId) throw new Error(`the import's plan gave expert ${e.username} no employer district`);
      await registerExpert(actor, { username: e.username, displayName, organisationId, districtId, ...rest });
    } else await updateExpert(actor, e.username, fields);
  }
}
