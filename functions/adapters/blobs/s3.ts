import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BlobStore, UploadForm, UploadRules } from '.';

const UPLOAD_SECONDS = 30 * 60;
const DOWNLOAD_SECONDS = 5 * 60;

const isMissing = (error: unknown) => (error as Error).name === 'NoSuchKey';

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
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /**
   * A presigned POST: S3 itself refuses a file over the size or under another prefix, and the
   * policy lists every field, so the form cannot be bent to another key or redirect.
   */
  async uploadForm(rules: UploadRules): Promise<UploadForm> {
    const { url, fields } = await createPresignedPost(this.client, {
      Bucket: this.bucket,
      Key: `${rules.prefix}\${filename}`,
      Conditions: [['content-length-range', 1, rules.maxBytes]],
      Fields: rules.redirectTo ? { success_action_redirect: rules.redirectTo } : {},
      Expires: UPLOAD_SECONDS,
    });
    return { url, fields };
  }

  /** One ranged GET: its Content-Range (`bytes 0-7/12345`) carries the whole size. */
  async inspect(key: string, headBytes: number) {
    try {
      const first = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${headBytes - 1}` }));
      const head = first.Body ? await first.Body.transformToByteArray() : new Uint8Array();
      return { sizeBytes: Number(first.ContentRange?.split('/')[1] ?? head.byteLength), head };
    } catch (error) {
      if (isMissing(error)) return undefined;
      // A range of an empty object cannot be satisfied (416): the file is there, with nothing in it.
      if ((error as Error).name === 'InvalidRange') return { sizeBytes: 0, head: new Uint8Array() };
      throw error;
    }
  }

  async promote(from: string, to: string, contentType: string): Promise<void> {
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: to,
        CopySource: `${this.bucket}/${encodeURIComponent(from)}`,
        ContentType: contentType,
        MetadataDirective: 'REPLACE',
      }),
    );
    await this.remove(from);
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  downloadUrl(key: string, fileName: string): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      }),
      { expiresIn: DOWNLOAD_SECONDS },
    );
  }
}
