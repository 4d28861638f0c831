import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { BlobStore, UploadForm, UploadRules } from '../../functions/adapters/blobs';
import { clock } from '../../functions/adapters/clock';
import type { AcceptedUpload } from '../../functions/api/routes/dev';
import { checkPostPolicy, type PostPolicy } from './post-policy';

/** Where the local runtime takes uploads, standing in for S3's POST endpoint (the app serves it through its dev hooks). */
export const LOCAL_UPLOAD_PATH = '/dev/blobs';
const LOCAL_BUCKET = 'local';
const UPLOAD_MS = 30 * 60 * 1000;

/**
 * The local runtime's stand-in for S3 (installed with useBlobStore): files under one folder.
 * Uploads follow S3's POST-policy protocol (a signed policy, the key's prefix, a size range, a
 * redirect), checked here as S3 checks it, so the pages' upload path is the cloud's path and the
 * browser tests exercise it.
 */
export class FileBlobStore implements BlobStore {
  /** Signs this runtime's upload policies; a form from before a restart is refused, as an expired one would be. */
  private readonly secret = randomBytes(32);

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys are built by the app (or checked by acceptUpload), but a key must never reach outside the store.
    const path = within(this.root, key);
    if (!path) throw new Error(`blob key ${JSON.stringify(key)} is not a plain key inside the store`);
    return path;
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    await writeFile(`${path}.meta.json`, JSON.stringify({ contentType }));
  }

  async get(key: string) {
    // No file can be stored under a key that is not plain (acceptUpload refuses them): not found.
    const path = within(this.root, key);
    if (!path) return undefined;
    try {
      const [body, meta] = await Promise.all([readFile(path), readFile(`${path}.meta.json`, 'utf8')]);
      return { body: new Uint8Array(body), contentType: (JSON.parse(meta) as { contentType: string }).contentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async uploadForm(rules: UploadRules): Promise<UploadForm> {
    const policy: PostPolicy = {
      expiration: new Date(clock().now().getTime() + UPLOAD_MS).toISOString(),
      conditions: [
        { bucket: LOCAL_BUCKET },
        ['starts-with', '$key', rules.prefix],
        ...(rules.redirectTo ? [{ success_action_redirect: rules.redirectTo }] : []),
        ['content-length-range', 1, rules.maxBytes],
      ],
    };
    const encoded = Buffer.from(JSON.stringify(policy)).toString('base64');
    const redirect: Record<string, string> = rules.redirectTo ? { success_action_redirect: rules.redirectTo } : {};
    return {
      url: LOCAL_UPLOAD_PATH,
      fields: {
        ...redirect,
        bucket: LOCAL_BUCKET,
        key: `${rules.prefix}\${filename}`,
        Policy: encoded,
        'X-Amz-Signature': this.sign(encoded),
      },
    };
  }

  /** What S3 does with a posted form: check the policy, store the file, send the browser on. */
  async acceptUpload(form: Record<string, unknown>): Promise<AcceptedUpload> {
    const file = form.file;
    const fields = Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    if (!(file instanceof File)) return { ok: false, status: 400, code: 'InvalidArgument', message: 'the form has no file field' };
    const signature = Buffer.from(fields['X-Amz-Signature'] ?? '');
    const expected = Buffer.from(this.sign(fields.Policy ?? ''));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return {
        ok: false,
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'the upload form is not signed by this server; reload the page and upload again',
      };
    }
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as PostPolicy;
    // S3 puts the file's own name where the key says ${filename}; browsers send the base name only.
    const key = (fields.key ?? '').replaceAll('${filename}', file.name);
    const refused = checkPostPolicy(policy, { ...fields, key }, file.size, clock().now());
    if (refused) return { ok: false, ...refused };
    // S3 stores `prefix/../../x` under that literal name; a disk would follow it into another
    // declaration's materials. So a key must be plain and stay under the prefix it was signed for.
    const prefix =
      policy.conditions.find(
        (c): c is ['starts-with', string, string] => Array.isArray(c) && c[0] === 'starts-with' && c[1] === '$key',
      )?.[2] ?? '';
    const inPrefix = within(this.root, prefix.replace(/\/+$/, ''));
    const path = within(this.root, key);
    if (!inPrefix || !path?.startsWith(inPrefix + sep)) {
      return {
        ok: false,
        status: 400,
        code: 'InvalidArgument',
        message: `the file name makes the key ${JSON.stringify(key)}, which is not a plain name under ${prefix}: rename the file and upload again`,
      };
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    await this.put(key, bytes, file.type || 'application/octet-stream');
    const etag = createHash('md5').update(bytes).digest('hex');
    const redirect = fields.success_action_redirect;
    if (!redirect) return { ok: true, location: undefined };
    return {
      ok: true,
      location: `${redirect}${redirect.includes('?') ? '&' : '?'}bucket=${LOCAL_BUCKET}&key=${encodeURIComponent(key)}&etag=${encodeURIComponent(`"${etag}"`)}`,
    };
  }

  async inspect(key: string, headBytes: number) {
    const path = within(this.root, key);
    if (!path) return undefined;
    try {
      const { size } = await stat(path);
      const handle = await open(path, 'r');
      try {
        const head = new Uint8Array(Math.min(headBytes, size));
        await handle.read(head, 0, head.length, 0);
        return { sizeBytes: size, head };
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async promote(from: string, to: string, contentType: string): Promise<void> {
    const target = this.pathOf(to);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(this.pathOf(from), target);
    await writeFile(`${target}.meta.json`, JSON.stringify({ contentType }));
    await this.remove(from);
  }

  async remove(key: string): Promise<void> {
    const path = within(this.root, key);
    if (!path) return;
    await Promise.all([rm(path, { force: true }), rm(`${path}.meta.json`, { force: true })]);
  }

  private sign(policy: string): string {
    return createHmac('sha256', this.secret).update(policy).digest('hex');
  }
}

/**
 * The file of `key` under `root`, or undefined unless the key is a plain one: segments that are
 * neither empty, `.` nor `..`, no backslash or control character, not absolute — what S3 would
 * take literally maps to exactly one file, inside the store.
 */
function within(root: string, key: string): string | undefined {
  const segments = key.split('/');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a key must not hold
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\u0000-\u001f\u007f]/.test(s))) return undefined;
  const base = resolve(root);
  const path = resolve(base, ...segments);
  return path.startsWith(base + sep) ? path : undefined;
}

/** ENOTDIR: a key under another key's file (S3 allows both `a/` and `a/b`; a folder of files cannot). */
const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
