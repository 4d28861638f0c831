import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { MissingEnvironmentError, optionalEnv } from './env';

/**
 * Where uploaded materials live: S3 in the cloud, files under DATA_DIR locally. Pages and
 * services see only this port.
 */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
  /** A URL a client may PUT the file to directly, when the store offers one (S3 presigned). */
  uploadUrl?(key: string, contentType: string, sizeBytes: number): Promise<string>;
}

export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    // Keys are built by the app, but a key must never reach outside the store.
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`blob key ${key} is outside the store`);
    return path;
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    await writeFile(`${path}.meta.json`, JSON.stringify({ contentType }));
  }

  async get(key: string) {
    const path = this.pathOf(key);
    try {
      const [body, meta] = await Promise.all([readFile(path), readFile(`${path}.meta.json`, 'utf8')]);
      return { body: new Uint8Array(body), contentType: (JSON.parse(meta) as { contentType: string }).contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

const PRESIGN_SECONDS = 15 * 60;

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async get(key: string) {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) return undefined;
      return { body: await object.Body.transformToByteArray(), contentType: object.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  /** The signature covers the type and length, so the client cannot upload something else there. */
  uploadUrl(key: string, contentType: string, sizeBytes: number): Promise<string> {
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes }), {
      expiresIn: PRESIGN_SECONDS,
    });
  }
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

export function materialKey(applicationId: string, material: string): string {
  return `materials/${applicationId}/${material}`;
}
