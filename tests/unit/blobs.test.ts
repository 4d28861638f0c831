import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock';
import { materialKey, stagingPrefix } from '../../functions/adapters/blobs';
import { S3BlobStore } from '../../functions/adapters/blobs/s3';
import { FileBlobStore } from '../../local/blobs/file';
import { checkPostPolicy, type PostPolicy } from '../../local/blobs/post-policy';
import { useClock } from '../../functions/adapters/clock';

// No S3 emulator runs here, so the S3 adapter is tested against the SDK mocked (aws-sdk-client-mock).
// Presigning makes no call at all: it signs with the client's credentials.
const s3 = mockClient(S3Client);
afterEach(() => {
  s3.reset();
  useClock(systemClock);
});

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const policyOf = (fields: Record<string, string>) => JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as PostPolicy;
const prefix = stagingPrefix('app_1', 'budget', '0b6f0c1e-2f7a-4f53-9a43-9d3f1f3e8a10');
const rules = { prefix, maxBytes: 1024, redirectTo: 'https://api.example/ui/applicant/declarations/app_1/materials/budget/uploaded' };

describe('S3 blob store', () => {
  const store = new S3BlobStore(
    new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test', sessionToken: 'session' } }),
    'materials-bucket',
  );

  it('puts a material under its key with its type', async () => {
    s3.on(PutObjectCommand).resolves({});
    await store.put(materialKey('app_1', 'budget'), new Uint8Array([1, 2, 3]), 'application/pdf');
    const [call] = s3.commandCalls(PutObjectCommand);
    expect(call!.args[0].input).toMatchObject({
      Bucket: 'materials-bucket',
      Key: 'materials/app_1/budget',
      ContentType: 'application/pdf',
    });
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

  it('presigns a POST form bound to the staging prefix, the size range and the redirect, naming every field it sends', async () => {
    const form = await store.uploadForm(rules);
    expect(new URL(form.url).hostname).toContain('materials-bucket');
    expect(form.fields).toMatchObject({
      key: `${prefix}\${filename}`,
      success_action_redirect: rules.redirectTo,
      'X-Amz-Security-Token': 'session',
    });
    expect(form.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    const policy = policyOf(form.fields);
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 1024]);
    expect(policy.conditions).toContainEqual(['starts-with', '$key', prefix]);
    expect(policy.conditions).toContainEqual({ success_action_redirect: rules.redirectTo });
    expect(Date.parse(policy.expiration) - Date.now()).toBeGreaterThan(29 * 60_000);
    // S3 refuses any field its policy does not name, so the form the pages render must pass that rule.
    const { Policy: _policy, 'X-Amz-Signature': _signature, ...sent } = form.fields;
    expect(checkPostPolicy(policy, { ...sent, key: `${prefix}预算.pdf` }, 10, new Date())).toBeUndefined();
  });

  it("leaves the redirect out of an API client's form, so S3 answers 204", async () => {
    const form = await store.uploadForm({ prefix, maxBytes: 1024 });
    expect(form.fields).not.toHaveProperty('success_action_redirect');
    expect(JSON.stringify(policyOf(form.fields).conditions)).not.toContain('success_action_redirect');
  });

  it('inspects a staged upload by its size and first bytes only, in one ranged GET', async () => {
    s3.on(GetObjectCommand, { Key: `${prefix}a.pdf`, Range: 'bytes=0-7' }).resolves({
      ContentRange: 'bytes 0-7/123456',
      Body: { transformToByteArray: async () => new Uint8Array(PDF.subarray(0, 8)) } as never,
    });
    s3.on(GetObjectCommand, { Key: `${prefix}gone.pdf` }).rejects(new NoSuchKey({ message: 'no such key', $metadata: {} }));
    s3.on(GetObjectCommand, { Key: `${prefix}empty.pdf` }).rejects(
      Object.assign(new Error('The requested range is not satisfiable'), { name: 'InvalidRange' }),
    );
    const file = await store.inspect(`${prefix}a.pdf`, 8);
    expect(file!.sizeBytes).toBe(123_456);
    expect(Buffer.from(file!.head).toString()).toBe('%PDF-1.4');
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    expect(await store.inspect(`${prefix}gone.pdf`, 8)).toBeUndefined();
    expect(await store.inspect(`${prefix}empty.pdf`, 8)).toEqual({ sizeBytes: 0, head: new Uint8Array() });
  });

  it('promotes a staged upload by a server-side copy with its judged type, then deletes the staged one', async () => {
    s3.on(CopyObjectCommand).resolves({});
    s3.on(DeleteObjectCommand).resolves({});
    await store.promote(`${prefix}预算 表.pdf`, 'materials/app_1/budget', 'application/pdf');
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'materials-bucket',
      Key: 'materials/app_1/budget',
      CopySource: `materials-bucket/${encodeURIComponent(`${prefix}预算 表.pdf`)}`,
      ContentType: 'application/pdf',
      MetadataDirective: 'REPLACE',
    });
    expect(s3.commandCalls(DeleteObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'materials-bucket', Key: `${prefix}预算 表.pdf` });
  });

  it('links a download for five minutes, named as uploaded', async () => {
    const url = new URL(await store.downloadUrl('materials/app_1/budget', '预算.pdf'));
    expect(url.pathname).toBe('/materials/app_1/budget');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('预算.pdf')}`);
  });
});

describe('file blob store', () => {
  const fresh = () => new FileBlobStore(join(mkdtempSync(join(tmpdir(), 'blobs-')), 'blobs'));
  const post = async (store: FileBlobStore, fields: Record<string, string>, file: File | undefined) =>
    store.acceptUpload({ ...fields, ...(file ? { file } : {}) });

  it('keeps bytes and type, and refuses a key outside its folder', async () => {
    const store = fresh();
    await store.put('materials/app_1/budget', new Uint8Array([37, 80, 68, 70]), 'application/pdf');
    const file = await store.get('materials/app_1/budget');
    expect(Buffer.from(file!.body).toString()).toBe('%PDF');
    expect(file!.contentType).toBe('application/pdf');
    expect(await store.get('materials/app_1/none')).toBeUndefined();
    await expect(store.put('../escape', new Uint8Array([1]), 'application/pdf')).rejects.toThrow(/not a plain key inside the store/);
    // A key that would alias another on disk is refused too, and is never found.
    await expect(store.put('materials/x/../app_1/budget', new Uint8Array([1]), 'application/pdf')).rejects.toThrow(/not a plain key/);
    expect(await store.get('materials/x/../app_1/budget')).toBeUndefined();
    expect(await store.inspect('materials//app_1/budget', 4)).toBeUndefined();
  });

  it('takes a posted form as S3 does: the file lands under the prefix by its own name and the browser goes to the redirect', async () => {
    const store = fresh();
    const form = await store.uploadForm(rules);
    const accepted = await post(store, form.fields, new File([PDF], '预算.pdf', { type: 'application/pdf' }));
    expect(accepted.ok).toBe(true);
    const location = new URL((accepted.ok && accepted.location) || '');
    expect(`${location.origin}${location.pathname}`).toBe(rules.redirectTo);
    expect(location.searchParams.get('key')).toBe(`${prefix}预算.pdf`);
    expect(location.searchParams.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await store.inspect(`${prefix}预算.pdf`, 8)).toEqual({ sizeBytes: PDF.byteLength, head: new Uint8Array(PDF.subarray(0, 8)) });
    await store.promote(`${prefix}预算.pdf`, 'materials/app_1/budget', 'application/pdf');
    expect(await store.inspect(`${prefix}预算.pdf`, 8)).toBeUndefined();
    expect(Buffer.from((await store.get('materials/app_1/budget'))!.body)).toEqual(PDF);
  });

  it('refuses what S3 would refuse, and stores nothing', async () => {
    const store = fresh();
    const form = await store.uploadForm(rules);
    const pdf = new File([PDF], 'a.pdf', { type: 'application/pdf' });
    const refusals = [
      await post(store, { ...form.fields, 'X-Amz-Signature': '0'.repeat(64) }, pdf),
      await post(store, { ...form.fields, key: 'uploads/app_2/budget/x/${filename}' }, pdf),
      await post(store, { ...form.fields, success_action_redirect: 'https://elsewhere.example/' }, pdf),
      await post(store, { ...form.fields, lang: 'en' }, pdf),
      await post(store, form.fields, new File([new Uint8Array(1025)], 'big.pdf')),
      await post(store, form.fields, new File([], 'empty.pdf')),
      await post(store, form.fields, undefined),
      await post(store, (await fresh().uploadForm(rules)).fields, pdf),
    ];
    expect(refusals.map((r) => (r.ok ? 'stored' : r.code))).toEqual([
      'SignatureDoesNotMatch',
      'AccessDenied',
      'AccessDenied',
      'AccessDenied',
      'EntityTooLarge',
      'EntityTooSmall',
      'InvalidArgument',
      'SignatureDoesNotMatch',
    ]);
    expect(refusals[3]).toMatchObject({ status: 403, message: expect.stringContaining('Extra input fields: lang') });
    expect(await store.inspect(`${prefix}a.pdf`, 8)).toBeUndefined();
    expect(await store.inspect('uploads/app_2/budget/x/a.pdf', 8)).toBeUndefined();
  });

  it('finds nothing, rather than failing, under a key that is a file', async () => {
    const store = fresh();
    await store.put(`${prefix}a.pdf`, new Uint8Array(PDF), 'application/pdf');
    expect(await store.inspect(`${prefix}a.pdf/b.pdf`, 8)).toBeUndefined();
    expect(await store.get(`${prefix}a.pdf/b.pdf`)).toBeUndefined();
  });

  it('refuses a form whose policy has expired, on the movable clock', async () => {
    const store = fresh();
    const form = await store.uploadForm(rules);
    useClock({ now: () => new Date(Date.now() + 31 * 60_000) });
    expect(await post(store, form.fields, new File([PDF], 'a.pdf'))).toMatchObject({
      ok: false,
      status: 403,
      message: expect.stringContaining('expired'),
    });
  });
});
