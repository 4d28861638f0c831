import { MissingEnvironmentError, optionalEnv } from '../env';

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
 * Where uploaded materials live: S3 in the cloud, files under BLOB_DIR locally (local/blobs,
 * installed by the local runtime). Pages and services see only this port; both stores take
 * uploads by the same form protocol (S3's POST policy), so the pages have one upload path
 * wherever they run.
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

let installed: BlobStore | undefined;
let s3: { bucket: string; store: BlobStore } | undefined;

/**
 * The local runtime installs its store at start-up (its composition root), as it installs its
 * clock: the stand-in's code then lives in local/ and never ships in a Lambda.
 */
export function useBlobStore(store: BlobStore): void {
  installed = store;
}

/** The installed store (the local runtime), else S3's MATERIALS_BUCKET (the cloud). */
export function blobStore(): BlobStore {
  if (installed) return installed;
  const bucket = optionalEnv('MATERIALS_BUCKET');
  if (!bucket) throw new MissingEnvironmentError('MATERIALS_BUCKET');
  if (s3?.bucket !== bucket) s3 = { bucket, store: lazyS3(bucket) };
  return s3.store;
}

/**
 * The S3 store, its client and signers loaded on first use: only the materials routes and pages
 * touch the store, and every other cold start would otherwise parse and build them.
 */
function lazyS3(bucket: string): BlobStore {
  let loaded: Promise<BlobStore> | undefined;
  const store = () =>
    (loaded ??= Promise.all([import('@aws-sdk/client-s3'), import('./s3')]).then(
      ([{ S3Client }, { S3BlobStore }]) => new S3BlobStore(new S3Client({}), bucket),
    ));
  return {
    put: async (key, body, contentType) => (await store()).put(key, body, contentType),
    get: async (key) => (await store()).get(key),
    uploadForm: async (rules) => (await store()).uploadForm(rules),
    inspect: async (key, headBytes) => (await store()).inspect(key, headBytes),
    promote: async (from, to, contentType) => (await store()).promote(from, to, contentType),
    remove: async (key) => (await store()).remove(key),
    downloadUrl: async (key, fileName) => (await store()).downloadUrl!(key, fileName),
  };
}

export function materialKey(declarationId: string, material: string): string {
  return `materials/${declarationId}/${material}`;
}

/** Uploads wait here until they are judged; the bucket expires what is left after a day. */
export function stagingPrefix(declarationId: string, material: string, nonce: string): string {
  return `uploads/${declarationId}/${material}/${nonce}/`;
}
