import { randomUUID } from 'node:crypto';
import { materialsOf } from '../../core/form-definition';
import { problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { contentTypeOf, MAX_MATERIAL_BYTES, uploadProblems } from '../../core/materials';
import type { UpdateDeclarationInput } from '../../core/schemas';
import { assertEditable, type Stage } from '../../core/stages';
import { sniff } from '../adapters/sniff';
import { blobStore, materialKey, stagingPrefix, type UploadForm } from '../adapters/blobs';
import { getVisibleDeclaration, updateDraft } from './declarations';
import { configOf, getCall } from './calls';

type Material = NonNullable<UpdateDeclarationInput['materials']>[number];

/**
 * How much of a file is read (one ranged GET) to judge its content: an OOXML document's
 * `[Content_Types].xml` and first entries, which most writers put at the start of the ZIP, fit
 * well within it; PDF, images and OLE2 files need their first bytes only.
 */
export const SNIFF_BYTES = 256 * 1024;

async function assertEditableMaterial(declaration: { stage: Stage; callId: string }, material: string) {
  assertEditable(declaration.stage);
  const call = await getCall(declaration.callId);
  if (!materialsOf(configOf(call)).some((m) => m.key === material))
    throw new ValidationError([problemAt(`body.materials.${material}`, 'not a material this call asks for', coded('material-not-asked'))]);
}

const uploadFormOf = (declarationId: string, material: string, redirectTo?: string) =>
  blobStore().uploadForm({ prefix: stagingPrefix(declarationId, material, randomUUID()), maxBytes: MAX_MATERIAL_BYTES, redirectTo });

/**
 * Forms that send each material straight to the store (S3 in the cloud), so a file never passes
 * through the Lambda and its 6 MB limit. A form only lets a file into a staging folder of this
 * declaration; nothing is attached until `completeUpload` has checked who is asking.
 */
export async function uploadForms(
  declarationId: string,
  materials: string[],
  redirectTo: (material: string) => string,
): Promise<Record<string, UploadForm>> {
  const forms = await Promise.all(
    materials.map(async (material) => [material, await uploadFormOf(declarationId, material, redirectTo(material))] as const),
  );
  return Object.fromEntries(forms);
}

/** One material's upload form for an API client: the store answers 204, and the client then confirms the key. */
export async function uploadFormFor(actor: Actor, declarationId: string, material: string): Promise<UploadForm & { key: string }> {
  await assertEditableMaterial(await getVisibleDeclaration(actor, declarationId), material);
  const form = await uploadFormOf(declarationId, material);
  return { ...form, key: form.fields.key! };
}

/**
 * Judges a file the store has taken (its name, size and first bytes) and, if it is an accepted
 * material, moves it where the declaration's materials are kept and records it through the same
 * edit the API makes. A refused file is deleted at once.
 */
export async function completeUpload(actor: Actor, declarationId: string, material: string, stagedKey: string) {
  const declaration = await getVisibleDeclaration(actor, declarationId);
  const file = await judgeStaged({
    field: `body.materials.${material}`,
    stagedKey,
    staging: `uploads/${declarationId}/${material}/`,
    kept: materialKey(declarationId, material),
    stillAllowed: () => assertEditableMaterial(declaration, material),
  });
  const others = ((declaration.materials ?? []) as Material[]).filter((m) => m.key !== material);
  return updateDraft(actor, declarationId, { materials: [...others, { key: material, ...file }] });
}

/**
 * Judges a file the store has taken under `staging` (its name, size and first bytes) and, if it is
 * an accepted material and `stillAllowed` agrees, moves it to `kept`. A refused file is deleted at
 * once. Declarations and project reports both attach their files through this.
 */
export async function judgeStaged(upload: {
  field: string;
  stagedKey: string;
  staging: string;
  kept: string;
  stillAllowed: () => Promise<void> | void;
}): Promise<{ fileName: string; contentType: string; sizeBytes: number }> {
  const { field, stagedKey } = upload;
  const staged = new RegExp(`^${escapeRegExp(upload.staging)}[0-9a-f-]{36}/([^/]+)$`).exec(stagedKey);
  if (!staged)
    throw new ValidationError([
      problemAt(field, 'not an upload of this material; upload the file again', coded('upload-not-this-material')),
    ]);
  const fileName = staged[1]!;
  const store = blobStore();
  const file = await store.inspect(stagedKey, SNIFF_BYTES);
  if (!file) throw new ValidationError([problemAt(field, 'the uploaded file was not found; upload it again', coded('upload-missing'))]);
  const contentType = contentTypeOf(fileName);
  try {
    await upload.stillAllowed();
    const problems = uploadProblems(field, { fileName, contentType: '', sizeBytes: file.sizeBytes, sniffed: await sniff(file.head) });
    if (problems.length) throw new ValidationError(problems);
  } catch (error) {
    // The caller may see this file's owner and the file is one of its uploads: a refused one goes
    // now (a declaration submitted meanwhile, a disguised file) rather than a day later.
    await store.remove(stagedKey);
    throw error;
  }
  await store.promote(stagedKey, upload.kept, contentType);
  return { fileName: fileName.slice(0, 200), contentType, sizeBytes: file.sizeBytes };
}

/**
 * A material's file, to whoever may see the declaration (experts only what they are assigned):
 * a short-lived link where the store offers one, else the bytes.
 */
export async function materialFile(actor: Actor, declarationId: string, material: string): Promise<KeptFile | undefined> {
  const declaration = await getVisibleDeclaration(actor, declarationId);
  const record = ((declaration.materials ?? []) as Material[]).find((m) => m.key === material);
  return record ? keptFile(materialKey(declarationId, material), record.fileName) : undefined;
}

export type KeptFile = { url: string } | { body: Uint8Array; contentType: string; fileName: string };

/** A kept file: a short-lived link where the store offers one, else the bytes. */
export async function keptFile(key: string, fileName: string): Promise<KeptFile | undefined> {
  const store = blobStore();
  if (store.downloadUrl) return { url: await store.downloadUrl(key, fileName) };
  const file = await store.get(key);
  return file ? { ...file, fileName } : undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
