import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { MAX_MATERIAL_BYTES } from '../../core/materials';
import { coded } from '../../core/problem-codes';
import { blobStore, materialKey, stagingPrefix, type UploadForm } from '../adapters/blobs';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { auditItem } from './audit';
import { getCall, requireCityAdmin } from './calls';
import { judgeStaged, keptFile, type KeptFile } from './materials';

/**
 * Files the office attaches to a call (申报通知附件, issue 22.4): the guidelines as a document, the
 * forms to fill in. Each is uploaded through the declarations' presigned path and judged the same
 * way (type by content, size, disguise); only those marked `public` are offered on the public pages.
 */
export interface CallAttachment {
  attachmentId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  public: boolean;
  uploadedAt: string;
  by: string;
}

const SLOT = 'attachments';

export const attachmentsOf = (call: { attachments?: unknown }) => (call.attachments ?? []) as CallAttachment[];

/** A presigned form for one file (the city office's); without `redirectTo` the store answers 204. */
export async function callAttachmentForm(actor: Actor, callId: string, redirectTo?: string): Promise<UploadForm & { key: string }> {
  requireCityAdmin(actor);
  await getCall(callId);
  const form = await blobStore().uploadForm({
    prefix: stagingPrefix(callId, SLOT, randomUUID()),
    maxBytes: MAX_MATERIAL_BYTES,
    redirectTo,
  });
  return { ...form, key: form.fields.key! };
}

/** Judges the uploaded file and records it on the call with the audit event, in one transaction conditional on the call's version. */
export async function addCallAttachment(actor: Actor, callId: string, stagedKey: string, shown: boolean): Promise<CallAttachment[]> {
  requireCityAdmin(actor);
  await getCall(callId);
  const attachmentId = randomUUID();
  const file = await judgeStaged({
    field: 'body.uploadKey',
    stagedKey,
    staging: `uploads/${callId}/${SLOT}/`,
    kept: materialKey(callId, `${SLOT}/${attachmentId}`),
    stillAllowed: () => undefined,
  });
  const call = await getCall(callId);
  const entry: CallAttachment = { attachmentId, ...file, public: shown, uploadedAt: clock().now().toISOString(), by: actor.username };
  const attachments = [...attachmentsOf(call), entry];
  const result = await store()
    .transaction.write(({ call: calls, auditEvent }) => [
      calls
        .patch({ callId })
        .set({ attachments })
        .add({ version: 1 })
        .where(({ version }, { eq }) => eq(version, call.version))
        .commit(),
      auditEvent
        .create(
          auditItem({
            declarationId: callId,
            actor: actor.username,
            action: 'call.attachment_added',
            reason: `${file.fileName}${shown ? '（公开）' : '（不公开）'}`,
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw new ConflictError('the call changed meanwhile; try again', {}, { coded: coded('changed-meanwhile') });
  return attachments;
}

/** One attachment's file: to the public only when it was attached as public; to the office always. */
export async function callAttachmentFile(callId: string, attachmentId: string, publicOnly: boolean): Promise<KeptFile> {
  const call = await getCall(callId);
  const attachment = attachmentsOf(call).find((a) => a.attachmentId === attachmentId && (a.public || !publicOnly));
  const file = attachment && (await keptFile(materialKey(callId, `${SLOT}/${attachmentId}`), attachment.fileName));
  if (!file) throw new NotFoundError(`call ${callId} has no attachment ${attachmentId}`);
  return file;
}
