import { levelWords, parseDateWindow, roleWords, type SheetRow, splitList, statusWords, typeWords, wordToCode } from './directory-sheets';
import {
  type DirectoryImportPlan,
  type DirectorySnapshot,
  email,
  type ImportInput,
  type KnownExpert,
  type KnownOrganisation,
  type KnownPerson,
  RowCheck,
  type RowPlan,
  settle,
  sheetOrder,
  statusOf,
  USERNAME,
  type Write,
} from './directory-rows';
import { roleFitsOrganisation } from './accounts';
import { organisationLevels, type OrganisationLevel, districtOf, isCreditCode, parentProblem } from './organisations';
import { isChineseMobile, isChinesePhone } from './phone';
import { coded } from './problem-codes';
import { definedOnly } from './records';

export type * from './directory-rows';

/**
 * The import's plan: what each row of the workbook would create, change or leave alone in the
 * directory as it stands, or why it is refused (row and column named). Pure: the caller reads the
 * directory, asks for the plan, shows it (the dry run) and writes it only when `valid`. Rows are
 * matched by natural key (a credit code, else the name under the same parent; a username), so
 * importing the same file twice changes nothing the second time.
 */
type Resolved = { organisationId: string; level: OrganisationLevel } | undefined;

export function planDirectoryImport(snapshot: DirectorySnapshot, input: ImportInput, newOrganisationId: () => string): DirectoryImportPlan {
  const rows: RowPlan[] = [];
  const finalOrganisations = new Map(snapshot.organisations.map((o) => [o.organisationId, o]));
  const organisationWrites: Write<KnownOrganisation>[] = [];
  // Organisations in level order: a parent is always one level up, so it is settled before its children.
  const levelIndex = (row: SheetRow) => {
    const level = wordToCode(levelWords, row.cells.level?.trim() ?? '');
    return level ? organisationLevels.indexOf(level) : organisationLevels.length;
  };
  const byLevel = [...input.organisations].sort((a, b) => levelIndex(a) - levelIndex(b) || a.row - b.row);
  const claimedBy = new Map<string, number>();

  /** An organisation by credit code or full name, among the directory as this import leaves it so far. */
  const resolve = (check: RowCheck, key: string, text: string): Resolved => {
    const all = [...finalOrganisations.values()];
    const byCode = all.filter((o) => o.creditCode === text.toUpperCase());
    let found = byCode.length ? byCode : all.filter((o) => o.name === text);
    if (found.length > 1) found = found.filter((o) => o.status === 'active');
    if (found.length === 1) return { organisationId: found[0]!.organisationId, level: found[0]!.level };
    const pending = input.organisations.find(
      (r) => r.cells.name?.trim() === text || r.cells.creditCode?.trim().toUpperCase() === text.toUpperCase(),
    );
    const refused = pending && rows.find((r) => r.sheet === 'organisations' && r.row === pending.row && r.action === 'refuse');
    if (found.length === 0 && refused)
      check.fail(key, `${text} is refused in row ${pending!.row}`, coded('import-parent-refused', { row: pending!.row }));
    else if (found.length === 0 && pending)
      // Named in this file but not (yet) settled: it is not one level up, or it was refused itself.
      check.fail(
        key,
        `${text} is not an organisation this row can hang under`,
        coded('organisation-parent-level', { level: pending.cells.level?.trim() ?? '' }),
      );
    else if (found.length === 0) check.fail(key, `no organisation named ${text}`, coded('import-unknown-organisation', { name: text }));
    else
      check.fail(
        key,
        `${found.length} organisations are named ${text}; give its credit code`,
        coded('import-ambiguous-organisation', { name: text, count: found.length }),
      );
    return undefined;
  };
  const chainOf = (organisationId: string | undefined): KnownOrganisation[] => {
    const chain: KnownOrganisation[] = [];
    for (let id = organisationId; id && chain.length < organisationLevels.length + 1; id = finalOrganisations.get(id)?.parentId) {
      const organisation = finalOrganisations.get(id);
      if (!organisation) break;
      chain.push(organisation);
    }
    return chain;
  };

  for (const row of byLevel) {
    const check = new RowCheck('organisations', row.cells);
    const name = check.text('name', 100, true);
    const shortName = check.text('shortName', 30);
    const level = check.choice('level', levelWords, true);
    const type = check.choice('type', typeWords, true);
    const creditCode = check.text('creditCode', 18)?.toUpperCase();
    if (creditCode && !isCreditCode(creditCode)) check.fail('creditCode', 'is not a valid 统一社会信用代码', coded('not-a-credit-code'));
    const contactName = check.text('contactName', 30);
    const contactPhone = check.text('contactPhone', 30);
    if (contactPhone && !isChinesePhone(contactPhone)) check.fail('contactPhone', 'is not a Chinese phone number', coded('not-a-phone'));
    const contactEmail = check.text('contactEmail', 254);
    if (contactEmail && !email.safeParse(contactEmail).success) check.fail('contactEmail', 'is not an email address', coded('bad-format'));
    const status = statusOf(check.choice('status', statusWords), 'retired');
    const parentText = check.text('parent', 100);
    const parent = parentText ? resolve(check, 'parent', parentText) : undefined;

    let existing: KnownOrganisation | undefined;
    if (name && level) {
      const byCode = creditCode ? snapshot.organisations.find((o) => o.creditCode === creditCode) : undefined;
      const byName = snapshot.organisations.find((o) => o.name === name && o.parentId === parent?.organisationId);
      existing = byCode ?? byName;
      if (!byCode && byName?.creditCode && creditCode && byName.creditCode !== creditCode)
        check.fail(
          'creditCode',
          `${name} is recorded with credit code ${byName.creditCode}`,
          coded('import-credit-code-differs', { existing: byName.creditCode }),
        );
      const organisationId = existing?.organisationId ?? `new:${row.row}`;
      const node = { organisationId, level };
      const parentNode = parent ? { organisationId: parent.organisationId, level: parent.level } : undefined;
      const wrong =
        parentText && !parent
          ? undefined
          : parentProblem(
              node,
              parentNode,
              chainOf(parent?.organisationId).map((o) => o.organisationId),
            );
      if (wrong === 'missing') check.fail('parent', 'is required below the city level', coded('organisation-parent-missing'));
      if (wrong === 'unexpected') check.fail('parent', 'the city has no parent', coded('organisation-parent-unexpected'));
      if (wrong === 'cycle') check.fail('parent', 'would put the organisation under itself', coded('organisation-cycle'));
      if (wrong === 'level')
        check.fail(
          'parent',
          `is not one level above ${levelWords[level]}`,
          coded('organisation-parent-level', { level: levelWords[level] }),
        );
      const claim = existing?.organisationId ?? (creditCode ? `credit:${creditCode}` : `name:${parent?.organisationId}:${name}`);
      const first = claimedBy.get(claim);
      if (first !== undefined)
        check.fail('name', `is the same organisation as row ${first}`, coded('import-duplicate-row', { row: first }));
      else claimedBy.set(claim, row.row);
    }

    if (check.problems.length || !name || !level || !type) {
      rows.push({ sheet: 'organisations', row: row.row, label: name ?? '', action: 'refuse', changed: [], problems: check.problems });
      continue;
    }
    const record: Partial<KnownOrganisation> & Pick<KnownOrganisation, 'organisationId'> = {
      organisationId: existing?.organisationId ?? newOrganisationId(),
      name,
      shortName,
      level,
      type,
      parentId: parent?.organisationId,
      creditCode: creditCode ?? existing?.creditCode,
      contactName,
      contactPhone,
      contactEmail,
      status,
    };
    record.districtId = districtOf({ organisationId: record.organisationId, level, parentId: record.parentId }, chainOf(record.parentId));
    finalOrganisations.set(record.organisationId, {
      ...existing,
      ...definedOnly(record),
      status: status ?? existing?.status ?? 'active',
    } as KnownOrganisation);
    rows.push(settle('organisations', row, name, existing, record, { status: 'active' }, organisationWrites));
  }

  const finalPeople = new Map(snapshot.people.map((p) => [p.username, p]));
  const peopleWrites: Write<KnownPerson>[] = [];
  const seenUsernames = new Map<string, number>();
  for (const row of input.people) {
    const check = new RowCheck('people', row.cells);
    const username = check.text('username', 64, true);
    if (username && !USERNAME.test(username)) check.fail('username', 'may hold letters, digits, . - _ (3–64)', coded('bad-format'));
    const displayName = check.text('displayName', 50, true);
    const role = check.choice('role', roleWords, true);
    const organisationText = check.text('organisation', 100);
    const organisation = organisationText ? resolve(check, 'organisation', organisationText) : undefined;
    const mail = check.text('email', 254, true);
    if (mail && !email.safeParse(mail).success) check.fail('email', 'is not an email address', coded('bad-format'));
    const mobile = check.text('mobile', 30);
    if (mobile && !isChineseMobile(mobile)) check.fail('mobile', 'is not a Chinese mobile number', coded('not-a-phone'));
    const status = statusOf(check.choice('status', statusWords), 'disabled');
    if (role && !organisationText && role !== 'city-admin') check.fail('organisation', 'is required for this role', coded('required'));
    if (role && organisation && !roleFitsOrganisation(role, organisation))
      check.fail('organisation', `a ${role} cannot belong to a ${organisation.level} organisation`, coded('role-not-for-organisation'));
    const existing = username ? snapshot.people.find((p) => p.username === username) : undefined;
    // The account was made with these (the identity provider holds them): the import does not move a person.
    if (existing && role && existing.role !== role) check.fail('role', 'an existing account keeps its role', coded('import-account-field'));
    if (existing && organisation && existing.organisationId !== organisation.organisationId)
      check.fail('organisation', 'an existing account keeps its organisation', coded('import-account-field'));
    if (existing && mail && existing.email && existing.email !== mail)
      check.fail('email', 'an existing account keeps its e-mail', coded('import-account-field'));
    if (username) {
      const first = seenUsernames.get(username);
      if (first !== undefined) check.fail('username', `is the same person as row ${first}`, coded('import-duplicate-row', { row: first }));
      else seenUsernames.set(username, row.row);
    }
    if (check.problems.length || !username || !displayName || !role || !mail) {
      rows.push({
        sheet: 'people',
        row: row.row,
        label: displayName ?? username ?? '',
        action: 'refuse',
        changed: [],
        problems: check.problems,
      });
      continue;
    }

    const organisationId = organisation?.organisationId;
    const record: Partial<KnownPerson> & Pick<KnownPerson, 'username'> = {
      username,
      displayName,
      role,
      organisationId,
      districtId: organisationId
        ? districtOf(finalOrganisations.get(organisationId)!, chainOf(finalOrganisations.get(organisationId)!.parentId))
        : undefined,
      email: mail,
      mobile,
      status,
    };
    finalPeople.set(username, { ...existing, ...definedOnly(record), role } as KnownPerson);
    rows.push(settle('people', row, displayName, existing, record, { status: 'active' }, peopleWrites));
  }

  const expertWrites: Write<KnownExpert>[] = [];
  const seenExperts = new Map<string, number>();
  for (const row of input.experts) {
    const check = new RowCheck('experts', row.cells);
    const username = check.text('username', 64, true);
    const person = username ? finalPeople.get(username) : undefined;
    if (username && person?.role !== 'expert')
      check.fail('username', `${username} is not an expert in 人员账号`, coded('import-not-an-expert', { username }));
    const specialties = splitList(check.text('specialties', 500, true)).map((text) => {
      const specialty = snapshot.specialties.find((s) => s.name === text || s.code === text);
      if (!specialty) check.fail('specialties', `${text} is not on the specialty list`, coded('import-unknown-specialty', { name: text }));
      return specialty?.code;
    });
    const title = check.text('title', 30);
    const conflicts = splitList(check.text('conflicts', 2000)).map((text) => resolve(check, 'conflicts', text)?.organisationId);
    const unavailable = splitList(check.text('unavailable', 500)).map((text) => {
      const window = parseDateWindow(text);
      if (!window) check.fail('unavailable', `${text} is not a period like 2027-01-10至2027-01-20`, coded('import-bad-window'));
      return window;
    });
    const activeWord = check.choice('status', statusWords);
    const active = activeWord === undefined ? undefined : activeWord === 'active';
    if (username) {
      const first = seenExperts.get(username);
      if (first !== undefined) check.fail('username', `is the same expert as row ${first}`, coded('import-duplicate-row', { row: first }));
      else seenExperts.set(username, row.row);
    }
    const label = person?.displayName ?? username ?? '';
    if (check.problems.length || !username) {
      rows.push({ sheet: 'experts', row: row.row, label, action: 'refuse', changed: [], problems: check.problems });
      continue;
    }
    const employer = person?.organisationId ? finalOrganisations.get(person.organisationId) : undefined;
    // 回避 compares districts: an employer outside every district (the city) leaves nothing to compare.
    if (person?.role === 'expert' && !employer?.districtId)
      check.fail('username', `${username}'s employer belongs to no district`, coded('role-not-for-organisation'));
    const record: Partial<KnownExpert> & Pick<KnownExpert, 'username'> = {
      username,
      displayName: person?.displayName,
      organisationId: employer?.organisationId,
      districtId: employer?.districtId,
      specialties: [...new Set(specialties as string[])],
      title,
      declaredConflicts: [...new Set(conflicts as string[])],
      unavailable: unavailable as { from: string; to: string }[],
      active,
    };
    rows.push(
      settle(
        'experts',
        row,
        label,
        snapshot.experts.find((e) => e.username === username),
        record,
        { active: true, declaredConflicts: [], unavailable: [] },
        expertWrites,
      ),
    );
  }

  const headerProblems = [...(input.headerProblems ?? [])];
  return {
    valid: headerProblems.length === 0 && rows.every((r) => r.action !== 'refuse'),
    headerProblems,
    rows: rows.sort((a, b) => sheetOrder(a.sheet) - sheetOrder(b.sheet) || a.row - b.row),
    organisations: organisationWrites,
    people: peopleWrites,
    experts: expertWrites,
  };
}
