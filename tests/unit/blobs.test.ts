import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FileBlobStore, materialKey, S3BlobStore } from '../../functions/adapters/blobs';

// No S3 emulator runs here, so the S3 adapter is tested against the SDK mocked (aws-sdk-client-mock).
const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

describe('S3 blob store', () => {
  const store = new S3BlobStore(new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }), 'materials-bucket');

  it('puts a material under its key with its type', async () => {
    s3.on(PutObjectCommand).resolves({});
    await store.put(materialKey('app_1', 'budget'), new Uint8Array([1, 2, 3]), 'application/pdf');
    const [call] = s3.commandCalls(PutObjectCommand);
    expect(call!.args[0].input).toMatchObject({ Bucket: 'materials-bucket', Key: 'materials/app_1/budget', ContentType: 'application/pdf' });
    expect([...(call!.args[0].input.Body as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('reads a material back, and a missing one is absent rather than an error', async () => {
    const body = { transformToByteArray: async () => new Uint8Array(Buffer.from('%PDF')) };
    s3.on(GetObjectCommand, { Key: 'materials/app_1/budget' }).resolves({ Body: body as never, ContentType: 'application/pdf' });
    s3.on(GetObjectCommand, { Key: 'materials/app_1/none' }).rejects(new NoSuchKey({ message: 'no such key', $metadata: {} }));
    const file = await store.get('materials/app_1/budget');
    expect(Buffer.from(file!.body).toString()).toBe('%PDF');
    expect(file!.contentType).toBe('application/pdf');
    expect(await store.get('materials/app_1/none')).toBeUndefined();
  });

  it('presigns a PUT bound to the bucket, key, type and length', async () => {
    const url = new URL(await store.uploadUrl('materials/app_1/budget', 'application/pdf', 2048));
    expect(url.hostname).toContain('materials-bucket');
    expect(url.pathname).toBe('/materials/app_1/budget');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('content-length');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('file blob store', () => {
  it('keeps bytes and type, and refuses a key outside its folder', async () => {
    const store = new FileBlobStore(join(mkdtempSync(join(tmpdir(), 'blobs-')), 'blobs'));
    await store.put('materials/app_1/budget', new Uint8Array([37, 80, 68, 70]), 'application/pdf');
    const file = await store.get('materials/app_1/budget');
    expect(Buffer.from(file!.body).toString()).toBe('%PDF');
    expect(file!.contentType).toBe('application/pdf');
    expect(await store.get('materials/app_1/none')).toBeUndefined();
    await expect(store.put('../escape', new Uint8Array([1]), 'application/pdf')).rejects.toThrow(/outside the store/);
  });
});
