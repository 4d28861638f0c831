import { problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { Actor } from '../../core/identity';
import { contentTypeOf, uploadProblems } from '../../core/materials';
import type { UpdateApplicationInput } from '../../core/schemas';
import { assertEditable } from '../../core/stages';
import { blobStore, materialKey } from '../adapters/blobs';
import { getVisibleDeclaration, updateDraft } from './applications';
import { configOf, getCall } from './calls';

type Material = NonNullable<UpdateApplicationInput['materials']>[number];

export interface Upload {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Stores one material of a declaration and records it on the declaration through the same edit
 * the API makes, so a material is attached under the same rules as any other change.
 */
export async function attachMaterial(actor: Actor, applicationId: string, material: string, upload: Upload) {
  const field = `body.materials.${material}`;
  const declaration = await getVisibleDeclaration(actor, applicationId);
  assertEditable(declaration.stage);
  const call = await getCall(declaration.callId);
  if (!configOf(call).materials.some((m) => m.key === material)) throw new ValidationError([problemAt(field, 'not a material this call asks for', coded('material-not-asked'))]);
  const contentType = contentTypeOf(upload.fileName);
  const problems = uploadProblems(field, { fileName: upload.fileName, contentType: upload.contentType, sizeBytes: upload.bytes.byteLength, head: upload.bytes.subarray(0, 8) });
  if (problems.length) throw new ValidationError(problems);
  await blobStore().put(materialKey(applicationId, material), upload.bytes, contentType);
  const others = ((declaration.materials ?? []) as Material[]).filter((m) => m.key !== material);
  return updateDraft(actor, applicationId, {
    materials: [...others, { key: material, fileName: upload.fileName.slice(0, 200), contentType, sizeBytes: upload.bytes.byteLength }],
  });
}

/** A material's file, to whoever may see the declaration (experts only what they are assigned). */
export async function materialFile(actor: Actor, applicationId: string, material: string) {
  const declaration = await getVisibleDeclaration(actor, applicationId);
  const record = ((declaration.materials ?? []) as Material[]).find((m) => m.key === material);
  const file = record ? await blobStore().get(materialKey(applicationId, material)) : undefined;
  return file && record ? { ...file, fileName: record.fileName } : undefined;
}
