import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { newId } from '../../core/ids';
import {
  type IncubationRecordInput,
  incubationOpen,
  incubationRecordProblems,
  incubationTypeLabels,
  isIncubated,
} from '../../core/incubation';
import { coded } from '../../core/problem-codes';
import type { Milestones } from '../../core/projects';
import { clock } from '../adapters/clock';
import { type IncubationRecordItem, type ProjectItem, store } from '../adapters/entities';
import { auditItem } from './audit';
import { requireCityAdmin } from './calls';
import { namesOf } from './directory';
import { getVisibleProject, settingsOfProject } from './projects';

/**
 * 培育 of a project whose kind recommends upward: the office's guidance visits and training
 * sessions, and the applicant's response to each, every one in the audit trail.
 */
export async function incubationOf(actor: Actor, declarationId: string) {
  const project = await getVisibleProject(actor, declarationId);
  const { outcome } = await settingsOfProject(project);
  const records = await recordsOf(declarationId);
  const names = await namesOf(records.flatMap((r) => [...r.attendees, r.recordedBy, r.respondedBy]));
  return {
    incubated: isIncubated(outcome),
    open: isIncubated(outcome) && incubationOpen(project.stage),
    items: records.map((r) => ({
      ...r,
      typeZh: incubationTypeLabels[r.type].zh,
      attendeeNames: r.attendees.map((a) => names(a, 'zh')),
      recordedByName: names(r.recordedBy, 'zh'),
      ...(r.respondedBy ? { respondedByName: names(r.respondedBy, 'zh') } : {}),
    })),
  };
}

export async function recordsOf(declarationId: string): Promise<IncubationRecordItem[]> {
  const { data } = await store().entities.incubationRecord.query.byProject({ declarationId }).go({ pages: 'all' });
  return data;
}

export async function recordIncubation(actor: Actor, declarationId: string, input: IncubationRecordInput) {
  requireCityAdmin(actor);
  const project = await getVisibleProject(actor, declarationId);
  await requireIncubating(project);
  const unknownAttendees = await notInDirectory(input.attendees);
  const problems = incubationRecordProblems(input, { milestones: project.milestones as Milestones, unknownAttendees });
  if (problems.length) throw new ValidationError(problems);
  const now = clock().now();
  const record = {
    declarationId,
    recordId: newId('inc', now.getTime()),
    type: input.type,
    date: input.date,
    topic: input.topic,
    attendees: [...new Set(input.attendees)],
    ...(input.notes ? { notes: input.notes } : {}),
    recordedBy: actor.username,
    recordedAt: now.toISOString(),
  };
  const names = await namesOf(record.attendees);
  const reason = `${incubationTypeLabels[input.type].zh} ${input.date}「${input.topic}」：${record.attendees.map((a) => names(a, 'zh')).join('、')}`;
  await store()
    .transaction.write(({ incubationRecord, auditEvent }) => [
      incubationRecord.create(record).commit(),
      auditEvent
        .create(auditItem({ declarationId, actor: actor.username, action: 'incubation.recorded', reason: reason.slice(0, 1000) }))
        .commit(),
    ])
    .go();
  return record;
}

/** The applicant answers a record once: what it changed or carried out (整改/落实情况). */
export async function respondToIncubation(actor: Actor, declarationId: string, recordId: string, response: string) {
  const project = await getVisibleProject(actor, declarationId);
  if (actor.role !== 'applicant' || actor.organisationId !== project.organisationId)
    throw new ForbiddenError('only the project’s applicant responds to its incubation records');
  const { data: record } = await store().entities.incubationRecord.get({ declarationId, recordId }).go({ consistent: true });
  if (!record) throw new NotFoundError(`incubation record ${recordId} not found`);
  if (record.response) throw new ConflictError('this record already has its response', record, { coded: coded('incubation-responded') });
  if (!incubationOpen(project.stage))
    throw new ConflictError(
      `the project is ${project.stage}`,
      { stage: project.stage },
      { coded: coded('incubation-closed', { stage: project.stage }) },
    );
  const now = clock().now().toISOString();
  const result = await store()
    .transaction.write(({ incubationRecord, auditEvent }) => [
      incubationRecord
        .patch({ declarationId, recordId })
        .set({ response, respondedBy: actor.username, respondedAt: now })
        .where(({ response: r }, { notExists }) => notExists(r))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId,
            actor: actor.username,
            action: 'incubation.responded',
            reason: `${incubationTypeLabels[record.type].zh} ${record.date}「${record.topic}」：${response}`.slice(0, 1000),
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw new ConflictError('this record already has its response', undefined, { coded: coded('incubation-responded') });
  return { ...record, response, respondedBy: actor.username, respondedAt: now };
}

async function requireIncubating(project: ProjectItem) {
  const { outcome } = await settingsOfProject(project);
  if (!isIncubated(outcome))
    throw new ConflictError('this kind recommends nothing upward, so its projects are not incubated', undefined, {
      coded: coded('incubation-not-this-kind'),
    });
  if (!incubationOpen(project.stage))
    throw new ConflictError(
      `incubation is recorded until acceptance; the project is ${project.stage}`,
      { stage: project.stage },
      {
        coded: coded('incubation-closed', { stage: project.stage }),
      },
    );
}

/** Attendees the directory does not hold as active people. */
async function notInDirectory(usernames: string[]): Promise<string[]> {
  const unique = [...new Set(usernames)];
  const { data } = await store()
    .entities.person.get(unique.map((username) => ({ username })))
    .go();
  const known = new Set(data.filter((p) => p.status === 'active').map((p) => p.username));
  return unique.filter((u) => !known.has(u));
}
