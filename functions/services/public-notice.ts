import { NotFoundError } from '../../core/errors';
import { issuingOffice, resultNoticeId } from '../../core/result-notices';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { namesOf } from './directory';
import { configOf, getCall } from './calls';
import { notice } from './selection';

type Keyed = { declarationId: string; title: string; organisationId: string; districtId: string };

/** Who declared, by the names the directory gives them now: what a notice on a wall would say, and nothing more. */
async function listed(items: Keyed[]) {
  const names = await namesOf(items.flatMap((i) => [`org:${i.organisationId}`, `district:${i.districtId}`]));
  return items.map((i) => ({
    declarationId: i.declarationId,
    title: i.title,
    organisationName: names(`org:${i.organisationId}`, 'zh'),
    districtName: names(`district:${i.districtId}`, 'zh'),
  }));
}

/**
 * The 公示 as the public reads it: the projects, their applicants and districts, and until when
 * objections are taken. No contacts, no ids of people, and no scores unless the call publishes them.
 */
export async function publicNotice(callId: string) {
  const [shown, call] = await Promise.all([notice(callId), getCall(callId)]);
  // Scores only where the office chose to publish them (the call's setting, off by default).
  const scored = configOf(call).publishNoticeScores === true;
  const scores = new Map(shown.items.map((i) => [i.declarationId, i.combined]));
  const running = shown.status === 'notice' && !!shown.endsAt && clock().now().getTime() < Date.parse(shown.endsAt);
  return {
    callId,
    title: shown.title,
    status: shown.status,
    opensAt: shown.opensAt,
    endsAt: shown.endsAt,
    running,
    scoresPublished: scored,
    items: (await listed(shown.items)).map((i) => (scored ? { ...i, score: scores.get(i.declarationId) ?? null } : i)),
  };
}

/** A call's 立项结果公告 once the workflow issued it (functions/services/result-notices.ts); 404 before. */
export async function publicAnnouncement(callId: string) {
  const { data } = await store()
    .entities.resultNotice.get({ callId, noticeId: resultNoticeId('call_result', callId) })
    .go();
  if (!data) throw new NotFoundError(`no result has been announced for call ${callId}`);
  return {
    callId,
    title: data.title,
    number: data.number,
    office: issuingOffice.zh,
    issuedAt: data.issuedAt,
    items: await listed(data.established ?? []),
  };
}
