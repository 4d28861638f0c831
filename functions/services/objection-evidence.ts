import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, problemAt, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { MAX_MATERIAL_BYTES } from '../../core/materials';
import { coded } from '../../core/problem-codes';
import { blobStore, materialKey, stagingPrefix, type UploadForm } from '../adapters/blobs';
import { clock } from '../adapters/clock';
import { store, type ObjectionRequestItem } from '../adapters/entities';
import { requireCityAdmin } from './calls';
import { judgeStaged, keptFile, type KeptFile } from './materials';

/**
 * Evidence files on an objection from the public (issue 22.4): uploaded through the declarations'
 * presigned path and judged the same way (type by content, size, disguise), bound to the pending
 * request by its receipt until the code confirms it, then carried to the objection, where the office
 * reads them. The public never downloads them, not even the objector.
 */
export interface EvidenceFile {
  fileId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
}

/** At most this many files on one objection. */
export const MAX_EVIDENCE_FILES = 5;

const slotOf = (receipt: string) => `objections/${receipt}`;
const keptKey = (receipt: string, fileId: string) => materialKey(slotOf(receipt), fileId);
export const evidenceFilesOf = (item: { evidenceFiles?: unknown }) => (item.evidenceFiles ?? []) as EvidenceFile[];

/** The request, while files may still be added to it: unconfirmed, and not full. */
async function pendingRequest(receipt: string): Promise<ObjectionRequestItem> {
  const { data } = await store().entities.objectionRequest.get({ receipt }).go({ consistent: true });
  if (!data) throw new NotFoundError(`objection ${receipt} not found`);
  if (data.status !== 'unconfirmed')
    throw new ConflictError(
      'the objection is filed: evidence is added before the code confirms it',
      {},
      { coded: coded('objection-filed') },
    );
  if (evidenceFilesOf(data).length >= MAX_EVIDENCE_FILES)
    throw new ValidationError([
      problemAt(
        'body.uploadKey',
        `at most ${MAX_EVIDENCE_FILES} evidence files on one objection`,
        coded('too-many-files', { max: MAX_EVIDENCE_FILES }),
      ),
    ]);
  return data;
}

/** A presigned form for one evidence file of a pending objection; without `redirectTo` the store answers 204. */
export async function evidenceUploadForm(receipt: string, redirectTo?: string): Promise<UploadForm & { key: string }> {
  await pendingRequest(receipt);
  const form = await blobStore().uploadForm({
    prefix: stagingPrefix(slotOf(receipt), 'evidence', randomUUID()),
    maxBytes: MAX_MATERIAL_BYTES,
    redirectTo,
  });
  return { ...form, key: form.fields.key! };
}

/** Judges the uploaded file and records it on the pending request, on the condition that it is still unconfirmed. */
export async function addEvidence(receipt: string, stagedKey: string): Promise<{ files: Pick<EvidenceFile, 'fileName' | 'sizeBytes'>[] }> {
  const fileId = randomUUID();
  const file = await judgeStaged({
    field: 'body.uploadKey',
    stagedKey,
    staging: `uploads/${slotOf(receipt)}/evidence/`,
    kept: keptKey(receipt, fileId),
    stillAllowed: () => pendingRequest(receipt).then(() => undefined),
  });
  const request = await pendingRequest(receipt);
  const files = [...evidenceFilesOf(request), { fileId, ...file, uploadedAt: clock().now().toISOString() }];
  try {
    await store()
      .entities.objectionRequest.patch({ receipt })
      .set({ evidenceFiles: files })
      .where(({ status, attempts }, { eq }) => `${eq(status, 'unconfirmed')} AND ${eq(attempts, request.attempts)}`)
      .go();
  } catch {
    throw new ConflictError('the objection changed meanwhile; add the file again', {}, { coded: coded('changed-meanwhile') });
  }
  return { files: files.map(({ fileName, sizeBytes }) => ({ fileName, sizeBytes })) };
}

/** An evidence file of an objection, to the city office only. */
export async function evidenceFile(actor: Actor, objectionId: string, fileId: string): Promise<KeptFile> {
  requireCityAdmin(actor);
  const { data } = await store().entities.objection.get({ objectionId }).go();
  const record = data?.receipt ? evidenceFilesOf(data).find((f) => f.fileId === fileId) : undefined;
  const file = record && data?.receipt && (await keptFile(keptKey(data.receipt, fileId), record.fileName));
  if (!file) throw new NotFoundError(`objection ${objectionId} has no evidence file ${fileId}`);
  return file;
}
