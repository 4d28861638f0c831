import { canSeeDeclaration } from '../../core/access';
import { NotFoundError } from '../../core/errors';
import { type Actor, WORKFLOW_ACTOR } from '../../core/identity';
import {
  isFinalAcceptanceOutcome,
  issuingOffice,
  placeInCall,
  placesInCall,
  resultNoticeId,
  resultNoticeKindLabels,
  resultNoticeNumber,
  type ResultNoticeKind,
} from '../../core/result-notices';
import { clock } from '../adapters/clock';
import { type DeclarationItem, type ResultNoticeItem, store } from '../adapters/entities';
import { logger } from '../adapters/log';
import { auditItem } from './audit';
import { getCall } from './calls';
import { getProject } from './projects';
import { namesOf } from './directory';
import { email, membersOf, notificationsFor } from './notifications';
import { writeResolvingCollisions } from './transactions';
import { declarationsOfCall } from './selection';

/** The stages a submitted declaration can end its selection in, each told to its applicant at 立项. */
const toldAtEstablishment: readonly DeclarationItem['stage'][] = ['approved', 'not_selected', 'rejected', 'declined', 'lapsed'];

/**
 * Issues a notice once: the notice, the in-app notification of each member of the organisation it
 * is addressed to and the audit event in one transaction, conditional on the notice not being
 * there yet, so a retried step or a repeated decision never issues it twice; then the email, after
 * the commit (a crash between loses an email, never duplicates one, as with reminders).
 */
async function issue(notice: ResultNoticeItem, auditOn: string): Promise<boolean> {
  const people = notice.organisationId ? await membersOf(`org:${notice.organisationId}`) : [];
  const label = resultNoticeKindLabels[notice.kind];
  const notes = notificationsFor(
    people,
    'result-notice',
    {
      projectTitle: notice.title,
      stage: label,
      dueAt: new Date(notice.issuedAt),
      link: `/ui/result-notices/${notice.callId}/${notice.noticeId}`,
      note: { zh: `${label.zh}（${notice.number}）`, en: `${label.en} (${notice.number})` },
    },
    { callId: notice.callId, ...(notice.declarationId ? { declarationId: notice.declarationId } : {}) },
  );
  const result = await writeResolvingCollisions(() =>
    store()
      .transaction.write(({ resultNotice, notification, auditEvent }) => [
        resultNotice.create(notice).commit(),
        ...notes.map((n) => notification.create(n).commit()),
        auditEvent
          .create(
            auditItem({ declarationId: auditOn, actor: notice.issuedBy, action: 'notice.issued', reason: `${label.zh} ${notice.number}` }),
          )
          .commit(),
      ])
      .go(),
  );
  if (result.canceled) return false;
  await email(notes, people);
  return true;
}

/**
 * At 立项 (the call's establish step, after every declaration has its outcome): a notice to each
 * applicant that submitted, established or not with the reason, then the call's announcement of
 * what was established. Idempotent, so the step may run again.
 */
export async function issueEstablishmentNotices(callId: string): Promise<{ issued: number }> {
  const call = await getCall(callId);
  const declarations = await declarationsOfCall(callId);
  const issuedAt = clock().now().toISOString();
  let issued = 0;
  const told = declarations.filter((d) => d.submittedAt !== undefined && toldAtEstablishment.includes(d.stage));
  const places = placesInCall(declarations);
  for (const d of told) {
    const place = places.get(d.declarationId);
    const established = d.stage === 'approved';
    const notice: ResultNoticeItem = {
      callId,
      noticeId: resultNoticeId('establishment', d.declarationId),
      kind: 'establishment',
      number: resultNoticeNumber('establishment', call, place),
      outcome: established ? 'established' : 'not_established',
      title: d.title,
      declarationId: d.declarationId,
      organisationId: d.organisationId,
      districtId: d.districtId,
      reason: d.lastReason ?? (established ? '公示无异议，予以立项' : '未予立项'),
      issuedAt,
      issuedBy: WORKFLOW_ACTOR,
    };
    if (await issue(notice, d.declarationId)) issued++;
  }
  const announcement: ResultNoticeItem = {
    callId,
    noticeId: resultNoticeId('call_result', callId),
    kind: 'call_result',
    number: resultNoticeNumber('call_result', call),
    outcome: 'announced',
    title: call.title,
    established: told
      .filter((d) => d.stage === 'approved')
      .map((d) => ({ declarationId: d.declarationId, title: d.title, organisationId: d.organisationId, districtId: d.districtId })),
    issuedAt,
    issuedBy: WORKFLOW_ACTOR,
  };
  if (await issue(announcement, callId)) issued++;
  logger.info('establishment notices issued', { callId, issued });
  return { issued };
}

/**
 * After a final acceptance result (excellent, pass or fail; a rectification is not one yet), the
 * notice to the organisation that carried the project, numbered with its declaration's place.
 */
export async function issueAcceptanceNotice(declarationId: string): Promise<boolean> {
  const project = await getProject(declarationId, true);
  const result = (project.acceptance as { result?: { outcome: string; comment?: string; by: string } } | undefined)?.result;
  if (!result || !isFinalAcceptanceOutcome(result.outcome)) return false;
  const call = await getCall(project.callId);
  const place = placeInCall(await declarationsOfCall(project.callId), declarationId);
  return issue(
    {
      callId: project.callId,
      noticeId: resultNoticeId('acceptance', declarationId),
      kind: 'acceptance',
      number: resultNoticeNumber('acceptance', call, place),
      outcome: result.outcome,
      title: project.title,
      declarationId,
      organisationId: project.organisationId,
      districtId: project.districtId,
      ...(result.comment ? { reason: result.comment } : {}),
      issuedAt: clock().now().toISOString(),
      issuedBy: result.by,
    },
    declarationId,
  );
}

/** Who may read a notice: an announcement anyone signed in; a notice to one applicant as its declaration. */
function canSeeNotice(actor: Actor, notice: ResultNoticeItem): boolean {
  if (notice.kind === 'call_result') return true;
  return canSeeDeclaration(actor, { organisationId: notice.organisationId ?? '', districtId: notice.districtId ?? '' });
}

export async function resultNoticesOfCall(actor: Actor, callId: string): Promise<ResultNoticeItem[]> {
  await getCall(callId);
  const { data } = await store().entities.resultNotice.query.byCall({ callId }).go({ pages: 'all' });
  return data.filter((n) => canSeeNotice(actor, n));
}

export async function resultNotice(actor: Actor, callId: string, noticeId: string): Promise<ResultNoticeItem> {
  const { data } = await store().entities.resultNotice.get({ callId, noticeId }).go();
  if (!data || !canSeeNotice(actor, data)) throw new NotFoundError(`result notice ${noticeId} not found`);
  return data;
}

/** A declaration's notices (its 立项 and, later, its 验收 notice): two Gets in its call's partition. */
export async function resultNoticesOfDeclaration(actor: Actor, declaration: Pick<DeclarationItem, 'callId' | 'declarationId'>) {
  const kinds: ResultNoticeKind[] = ['establishment', 'acceptance'];
  const found = await Promise.all(
    kinds.map((kind) =>
      store()
        .entities.resultNotice.get({ callId: declaration.callId, noticeId: resultNoticeId(kind, declaration.declarationId) })
        .go(),
    ),
  );
  return found.flatMap(({ data }) => (data && canSeeNotice(actor, data) ? [data] : []));
}

type Listed = NonNullable<ResultNoticeItem['established']>[number];

/** A notice as people read it: each organisation and district by its present name beside its key. */
export interface NamedResultNotice extends Omit<ResultNoticeItem, 'established'> {
  office: string;
  organisationName?: string;
  districtName?: string;
  established?: (Listed & { organisationName: string; districtName: string })[];
}

export async function named(notices: ResultNoticeItem[]): Promise<NamedResultNotice[]> {
  const keys = notices.flatMap((n) => [
    ...(n.organisationId ? [`org:${n.organisationId}`, `district:${n.districtId}`] : []),
    ...(n.established ?? []).flatMap((e) => [`org:${e.organisationId}`, `district:${e.districtId}`]),
  ]);
  const names = await namesOf(keys);
  const nameBoth = (organisationId: string, districtId: string | undefined) => ({
    organisationName: names(`org:${organisationId}`, 'zh'),
    districtName: names(`district:${districtId}`, 'zh'),
  });
  return notices.map(({ established, ...n }) => ({
    ...n,
    office: issuingOffice.zh,
    ...(n.organisationId ? nameBoth(n.organisationId, n.districtId) : {}),
    ...(established ? { established: established.map((e) => ({ ...e, ...nameBoth(e.organisationId, e.districtId) })) } : {}),
  }));
}

export async function namedResultNotice(actor: Actor, callId: string, noticeId: string): Promise<NamedResultNotice> {
  const [notice] = await named([await resultNotice(actor, callId, noticeId)]);
  return notice as NamedResultNotice;
}
