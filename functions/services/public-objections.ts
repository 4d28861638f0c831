import { createHash, randomBytes, randomInt } from 'node:crypto';
import { NotFoundError, problemAt, ValidationError } from '../../core/errors';
import { newId } from '../../core/ids';
import { type Coded, coded } from '../../core/problem-codes';
import { CODE_TRIES, CODE_VALID_MS, checkCode, contactKindOf, maskContact, type PublicObjectionInput } from '../../core/public-objections';
import { clock } from '../adapters/clock';
import { type ObjectionItem, type ObjectionRequestItem, store } from '../adapters/entities';
import { logger } from '../adapters/log';
import { notifier } from '../adapters/notifier';
import { mobileE164 } from '../../core/phone';
import { smsSender } from '../adapters/sms';
import { auditItem } from './audit';
import { spend } from './rate-limits';
import { requireObjectable } from './selection';

/** The receipt (回执号): 12 characters from an alphabet without 0/O or 1/I, 60 random bits. */
function newReceipt(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(12), (b) => alphabet[b % alphabet.length]).join('');
}

/** The code is kept only as a hash bound to its request: a read of the table does not give it away. */
const hashOf = (receipt: string, code: string) => createHash('sha256').update(`${receipt}:${code}`).digest('hex');

async function sendCode(request: ObjectionRequestItem, code: string) {
  const text = `【申报】您对公示项目提出异议的验证码为 ${code}，15分钟内有效。回执号 ${request.receipt}。`;
  if (request.contactKind === 'mobile') {
    const to = mobileE164(request.contact);
    const sender = smsSender();
    if (!to || !sender) throw new Error('no text message gateway for a mobile contact');
    await sender.send({ id: `code-${request.receipt}`, to, text, at: new Date(request.requestedAt) });
    return;
  }
  await notifier().send({
    id: `code-${request.receipt}`,
    to: request.contact,
    subject: '【申报】异议验证码',
    body: `${text}\n\n如非本人操作，请忽略本邮件。\n`,
    at: new Date(request.requestedAt),
  });
}

/**
 * Someone without an account objects: counted per address (429 beyond), the notice must be running
 * and the declaration in it, then counted per contact; the request is stored and a six-digit code
 * sent to the contact. Nothing reaches the office until the code comes back.
 */
export async function requestObjection(callId: string, input: PublicObjectionInput, address: string) {
  await spend('publicObjectionAddress', address);
  const now = clock().now();
  await requireObjectable(callId, input.declarationId, now);
  // Counted only when a code would go out: the limit spares the contact's owner a flood of codes.
  await spend('publicObjectionContact', input.contact.toLowerCase());
  const receipt = newReceipt();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const request: ObjectionRequestItem = {
    receipt,
    callId,
    declarationId: input.declarationId,
    realName: input.realName,
    contact: input.contact,
    contactKind: contactKindOf(input.contact)!,
    reason: input.reason,
    ...(input.evidence ? { evidence: input.evidence } : {}),
    status: 'unconfirmed',
    codeHash: hashOf(receipt, code),
    codeExpiresAt: new Date(now.getTime() + CODE_VALID_MS).toISOString(),
    attempts: 0,
    requestedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + 86_400,
  };
  await store().entities.objectionRequest.create(request).go();
  await sendCode(request, code);
  logger.info('public objection requested', { callId, receipt });
  return { receipt, sentTo: maskContact(input.contact), codeExpiresAt: request.codeExpiresAt };
}

async function requestOf(receipt: string): Promise<ObjectionRequestItem> {
  const { data } = await store().entities.objectionRequest.get({ receipt }).go({ consistent: true });
  if (!data) throw new NotFoundError(`objection ${receipt} not found`);
  return data;
}

const atCode = (message: string, problem: Coded) => new ValidationError([problemAt('body.code', message, problem)]);
const used = () => atCode('this code was used: the objection is filed', coded('confirmation-code-used'));

/**
 * The code comes back: once, within 15 minutes, in at most five tries. The objection, the request
 * marked filed and the audit event are one transaction conditional on the request still being
 * unconfirmed, so two confirmations of one request file one objection.
 */
export async function confirmObjection(receipt: string, code: string) {
  const request = await requestOf(receipt);
  const now = clock().now();
  const check = checkCode(request, hashOf(receipt, code), now);
  if (check === 'used') throw used();
  if (check === 'expired') throw atCode('the code has expired: object again for a new one', coded('confirmation-code-expired'));
  if (check === 'void' || check === 'wrong') {
    if (check === 'wrong') await store().entities.objectionRequest.patch({ receipt }).add({ attempts: 1 }).go();
    const left = Math.max(0, CODE_TRIES - request.attempts - 1);
    throw atCode(
      left > 0 ? `wrong code; ${left} tries left` : 'too many wrong codes: object again',
      coded('confirmation-code-wrong', { attemptsLeft: left }),
    );
  }
  await requireObjectable(request.callId, request.declarationId, now);
  const objection: ObjectionItem = {
    objectionId: newId('obj', now.getTime()),
    callId: request.callId,
    declarationId: request.declarationId,
    filedBy: `public:${receipt}`,
    realName: request.realName,
    contact: request.contact,
    receipt,
    reason: request.reason,
    ...(request.evidence ? { evidence: request.evidence } : {}),
    ...(request.evidenceFiles ? { evidenceFiles: request.evidenceFiles } : {}),
    status: 'open',
    filedAt: now.toISOString(),
  };
  const result = await store()
    .transaction.write(({ objectionRequest, objection: objections, auditEvent }) => [
      objectionRequest
        .patch({ receipt })
        .set({ status: 'filed', objectionId: objection.objectionId, filedAt: objection.filedAt })
        .remove(['expiresAt'])
        .where(({ status }, { eq }) => eq(status, 'unconfirmed'))
        .commit(),
      objections.create(objection).commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: request.declarationId,
            actor: `public:${receipt}`,
            action: 'objection.filed',
            reason: `${request.reason.slice(0, 480)}（公众实名异议，回执号 ${receipt}）`,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw used();
  return objectionStatus(receipt);
}

/** What the receipt shows: where the objection stands and the office's answer; nothing of who filed it. */
export interface ObjectionReceipt {
  receipt: string;
  projectTitle: string;
  requestedAt: string;
  /** How many evidence files came with it (their names and contents are the office's). */
  evidenceFileCount: number;
  status: 'unconfirmed' | ObjectionItem['status'];
  filedAt?: string;
  handledAt?: string;
  result?: string;
}

export async function objectionStatus(receipt: string): Promise<ObjectionReceipt> {
  const request = await requestOf(receipt);
  const { data: declaration } = await store().entities.declaration.get({ declarationId: request.declarationId }).go();
  const base = {
    receipt,
    projectTitle: declaration?.title ?? '',
    requestedAt: request.requestedAt,
    evidenceFileCount: ((request.evidenceFiles ?? []) as unknown[]).length,
  };
  if (request.status === 'unconfirmed' || !request.objectionId) return { ...base, status: 'unconfirmed' };
  const { data: objection } = await store().entities.objection.get({ objectionId: request.objectionId }).go();
  if (!objection) throw new NotFoundError(`objection ${receipt} not found`);
  return {
    ...base,
    status: objection.status,
    filedAt: objection.filedAt,
    ...(objection.handledAt ? { handledAt: objection.handledAt } : {}),
    ...(objection.note ? { result: objection.note } : {}),
  };
}
