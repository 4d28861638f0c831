import { S3Client } from '@aws-sdk/client-s3';
import { MissingEnvironmentError, optionalEnv } from '../env';
import { FileBlobStore } from './file';
import { S3BlobStore } from './s3';

export { FileBlobStore } from './file';
export { S3BlobStore } from './s3';

/** An HTML form that sends a file straight to the store, so it never passes through the app. */
export interface UploadForm {
  url: string;
  /** Hidden fields, in order; the file input must come after them. */
  fields: Record<string, string>;
}

export interface UploadRules {
  /** The file lands at `prefix` + its own name. */
  prefix: string;
  maxBytes: number;
  /**
   * Where the browser goes once the file is stored, with `?bucket=&key=&etag=` added (S3's
   * success_action_redirect); without one the store answers 204, for API clients.
   */
  redirectTo?: string | undefined;
}

/**
 * Where uploaded materials live: S3 in the cloud, files under BLOB_DIR locally. Pages and
 * services see only this port; both stores take uploads by the same form protocol (S3's POST
 * policy), so the pages have one upload path wherever they run.
 */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
  uploadForm(rules: UploadRules): Promise<UploadForm>;
  /** The size and first bytes of a stored file, without reading the rest. */
  inspect(key: string, headBytes: number): Promise<{ sizeBytes: number; head: Uint8Array } | undefined>;
  /** Moves a staged upload to where it is kept, with the type it was judged to be. */
  promote(from: string, to: string, contentType: string): Promise<void>;
  remove(key: string): Promise<void>;
  /**
   * A short-lived link to download a file directly, when the store offers one: a Lambda's
   * response cannot carry more than 6 MB, and materials may be larger.
   */
  downloadUrl?(key: string, fileName: string): Promise<string>;
}

let current: { where: string; store: BlobStore } | undefined;

/** S3 when MATERIALS_BUCKET is set (the cloud), else files under BLOB_DIR (the local runtime sets it). */
export function blobStore(): BlobStore {
  const bucket = optionalEnv('MATERIALS_BUCKET');
  const dir = optionalEnv('BLOB_DIR');
  if (!bucket && !dir) throw new MissingEnvironmentError('MATERIALS_BUCKET (or BLOB_DIR locally)');
  const where = bucket ? `s3:${bucket}` : dir!;
  if (current?.where !== where) current = { where, store: bucket ? new S3BlobStore(new S3Client({}), bucket) : new FileBlobStore(where) };
  return current.store;
}

/** The local store, for the local runtime's stand-in of S3's upload endpoint. */
export function localBlobStore(): FileBlobStore | undefined {
  const store = blobStore();
  return store instanceof FileBlobStore ? store : undefined;
}

export function materialKey(declarationId: string, material: string): string {
  return `materials/${declarationId}/${material}`;
}

/** Uploads wait here until they are judged; the bucket expires what is left after a day. */
export function stagingPrefix(declarationId: string, material: string, nonce: string): string {
  return `uploads/${declarationId}/${material}/${nonce}/`;
}
