import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MATERIAL_BYTES } from '../../core/materials';
import { blobStore, stagingPrefix } from '../../functions/adapters/blobs';
import { LOCAL_UPLOAD_PATH } from '../../functions/adapters/blobs/file';
import type { Runtime } from '../../local/runtime';
import { PageClient, postUpload, uploadFormOf } from '../support/pages';
import { startTestRuntime } from '../support/runtime';
import { selection } from '../support/selection';
import { completeDeclarationOf } from '../support/slice';

// Uploads go from the browser straight to the store by S3's POST-policy protocol; locally the
// store is the file store behind /dev/blobs, which checks forms as S3 does. The page path after
// it (the redirect, the judging, the move into materials/) is the cloud's path.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let runtime: Runtime;
let s: ReturnType<typeof selection>;
let callId: string;
beforeAll(async () => {
  runtime = await startTestRuntime();
  s = selection(runtime);
  ({ callId } = await s.createCall('elder-empowerment'));
});
afterAll(() => runtime?.stop());

async function draft(applicant = 'applicant-a1') {
  // A draft with every field but no materials yet.
  const { materials: _none, ...fields } = completeDeclarationOf('elder-empowerment', '银龄课堂') as Record<string, unknown>;
  const reply = await s.api.as(applicant).post(`/calls/${callId}/declarations`, fields);
  expect(reply.status).toBe(201);
  return reply.body.declarationId as string;
}

const materialsOf = async (id: string) =>
  ((await s.api.as('applicant-a1').get(`/declarations/${id}`)).body.materials ?? []) as {
    key: string;
    fileName: string;
    sizeBytes: number;
  }[];
const stagedKeyOf = (location: string) => new URL(location).searchParams.get('key')!;

describe('material uploads from the pages', () => {
  it('a file goes to the store, comes back through the redirect, is judged, moved into materials and listed; downloads give it back', async () => {
    const id = await draft();
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const page = await applicant.get(`/ui/applicant/declarations/${id}`);
    const form = uploadFormOf(page.html, 'f-materials-budget');
    expect(form.action).toBe(LOCAL_UPLOAD_PATH);
    expect(form.fields.map(([name]) => name)).toEqual(['success_action_redirect', 'bucket', 'key', 'Policy', 'X-Amz-Signature']);

    const stored = await postUpload(runtime.url, form, new File([PDF], '预算 表.pdf', { type: 'application/pdf' }));
    expect(stored.status).toBe(303);
    const back = new URL(stored.location!);
    expect(back.pathname).toBe(`/ui/applicant/declarations/${id}/materials/budget/uploaded`);
    const staged = stagedKeyOf(stored.location!);
    expect(staged).toMatch(new RegExp(`^uploads/${id}/budget/[0-9a-f-]{36}/预算 表\\.pdf$`));

    const confirmed = await applicant.get(`${back.pathname}${back.search}`);
    expect(confirmed.location).toBe(`/ui/applicant/declarations/${id}?done=uploaded`);
    expect(await materialsOf(id)).toEqual([
      { key: 'budget', fileName: '预算 表.pdf', contentType: 'application/pdf', sizeBytes: PDF.byteLength },
    ]);
    expect(await blobStore().inspect(staged, 8)).toBeUndefined();
    const download = await fetch(`${runtime.url}/ui/declarations/${id}/materials/budget`, {
      headers: { cookie: await cookieOf('applicant-a1') },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    // The same redirect again finds nothing staged: a reload cannot attach twice or attach something else.
    const again = await applicant.get(`${back.pathname}${back.search}`);
    expect(again.status).toBe(422);
    expect(again.html).toContain('没有找到上传的文件，请重新上传');
  });

  it('a disguised file is refused at its field after the store took it, and deleted; the declaration keeps what it had', async () => {
    const id = await draft();
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const form = uploadFormOf((await applicant.get(`/ui/applicant/declarations/${id}`)).html, 'f-materials-budget');
    const stored = await postUpload(
      runtime.url,
      form,
      new File([Buffer.from('MZ\x90\x00 not a pdf')], '预算.pdf', { type: 'application/pdf' }),
    );
    const back = new URL(stored.location!);
    const refused = await applicant.get(`${back.pathname}${back.search}`);
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/id="f-materials-budget-error"[^>]*>[^<]*文件内容不是 \.pdf 格式/);
    expect(await blobStore().inspect(stagedKeyOf(stored.location!), 8)).toBeUndefined();
    expect(await materialsOf(id)).toEqual([]);
  });

  it("nobody attaches another declaration's upload, or an upload of theirs to another declaration", async () => {
    const mine = await draft();
    const theirs = await draft('applicant-b1');
    const b1 = await PageClient.signIn(runtime.url, 'applicant-b1');
    const form = uploadFormOf((await b1.get(`/ui/applicant/declarations/${theirs}`)).html, 'f-materials-budget');
    const stored = await postUpload(runtime.url, form, new File([PDF], 'b.pdf'));
    const staged = stagedKeyOf(stored.location!);

    const a1 = await PageClient.signIn(runtime.url, 'applicant-a1');
    // a1 names b1's staged file on a1's own declaration: the key is not of this declaration.
    const crossed = await a1.get(`/ui/applicant/declarations/${mine}/materials/budget/uploaded?key=${encodeURIComponent(staged)}`);
    expect(crossed.status).toBe(422);
    expect(crossed.html).toContain('上传的不是这项申报材料的文件');
    // a1 follows b1's redirect itself: b1's declaration is not a1's to see.
    expect((await a1.get(new URL(stored.location!).pathname + new URL(stored.location!).search)).status).toBe(404);
    // Another material's slot of the same declaration is refused too.
    expect(
      (await b1.get(`/ui/applicant/declarations/${theirs}/materials/declarationForm/uploaded?key=${encodeURIComponent(staged)}`)).status,
    ).toBe(422);
    expect(await materialsOf(mine)).toEqual([]);
    expect((await s.api.as('applicant-b1').get(`/declarations/${theirs}`)).body.materials ?? []).toEqual([]);
    // b1's own upload is still waiting and attaches where it belongs.
    expect((await b1.get(new URL(stored.location!).pathname + new URL(stored.location!).search)).location).toBe(
      `/ui/applicant/declarations/${theirs}?done=uploaded`,
    );
  });

  it('the store refuses what the signed policy does not allow, and keeps nothing of it', async () => {
    const id = await draft();
    const applicant = await PageClient.signIn(runtime.url, 'applicant-a1');
    const form = uploadFormOf((await applicant.get(`/ui/applicant/declarations/${id}`)).html, 'f-materials-budget');
    const tooLarge = await postUpload(runtime.url, form, new File([new Uint8Array(MAX_MATERIAL_BYTES + 1)], 'big.pdf'));
    expect(tooLarge.status).toBe(400);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ status: 400, code: 'EntityTooLarge' });
    const elsewhere = await postUpload(
      runtime.url,
      {
        ...form,
        fields: form.fields.map(([n, v]) => [
          n,
          n === 'key' ? `${stagingPrefix('app_other', 'budget', crypto.randomUUID())}\${filename}` : v,
        ]),
      },
      new File([PDF], 'a.pdf'),
    );
    expect(elsewhere.status).toBe(403);
    const extraField = await postUpload(runtime.url, form, new File([PDF], 'a.pdf'), [['action', 'submit']]);
    expect(JSON.parse(extraField.body).detail).toContain('Extra input fields: action');
    const forged = await postUpload(
      runtime.url,
      { ...form, fields: form.fields.map(([n, v]) => [n, n === 'X-Amz-Signature' ? 'f'.repeat(64) : v]) },
      new File([PDF], 'a.pdf'),
    );
    expect(forged.status).toBe(403);
    expect(await materialsOf(id)).toEqual([]);
  });
});

describe('the local store keeps every upload inside its signed prefix (issue 17 item 4)', () => {
  // S3 takes a key literally; files on a disk would follow `..`. The form is the API's own, posted
  // with a crafted file name as curl or any client can send it.
  const VICTIM = Buffer.from("%PDF-1.4\n% the victim's own declaration form\n%%EOF\n");
  const ATTACK = Buffer.from("%PDF-1.4\n% the attacker's bytes\n%%EOF\n");

  async function confirmedMaterial(applicant: string, id: string, material: string, bytes: typeof VICTIM) {
    const api = s.api.as(applicant);
    const { url, fields, key } = (await api.post(`/declarations/${id}/materials/${material}/upload-form`)).body as {
      url: string;
      fields: Record<string, string>;
      key: string;
    };
    expect((await postUpload(runtime.url, { action: url, fields: Object.entries(fields) }, new File([bytes], 'form.pdf'))).status).toBe(
      204,
    );
    expect(
      (await api.post(`/declarations/${id}/materials/${material}`, { uploadKey: key.replace('${filename}', 'form.pdf') })).status,
    ).toBe(200);
  }
  const download = async (applicant: string, id: string, material: string) =>
    Buffer.from(
      await (
        await fetch(`${runtime.url}/declarations/${id}/materials/${material}`, {
          headers: { authorization: `Bearer ${await s.api.token(applicant)}` },
        })
      ).arrayBuffer(),
    );
  /** Every file under the store, relative to it. */
  const storeFiles = (): string[] =>
    readdirSync(process.env.BLOB_DIR!, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(process.env.BLOB_DIR!, join(d.parentPath, d.name)))
      .sort();

  it("a file name climbing out of the prefix into another organisation's material is refused (4xx), nothing written; the victim downloads its own bytes", async () => {
    const victim = await draft('applicant-a1');
    await confirmedMaterial('applicant-a1', victim, 'declarationForm', VICTIM);
    expect(await download('applicant-a1', victim, 'declarationForm')).toEqual(VICTIM);

    const attacker = await draft('applicant-b1');
    const { url, fields } = (await s.api.as('applicant-b1').post(`/declarations/${attacker}/materials/declarationForm/upload-form`))
      .body as {
      url: string;
      fields: Record<string, string>;
    };
    const form = { action: url, fields: Object.entries(fields) };
    const before = storeFiles();
    const names = [
      `../../../../materials/${victim}/declarationForm`,
      // Out of the store altogether (was a 500), and the other ways a name can mean a path.
      '../../../../../../../../tmp/shenbao-escaped.pdf',
      `..\\..\\..\\..\\materials\\${victim}\\declarationForm`,
      '/etc/shenbao.pdf',
      'a/./b.pdf',
      'a.pdf\u0000.txt',
    ];
    for (const name of names) {
      const posted = await postUpload(runtime.url, form, new File([ATTACK], name, { type: 'application/pdf' }));
      expect(posted.status, `${name}: ${posted.body}`).toBeGreaterThanOrEqual(400);
      expect(posted.status, `${name}: ${posted.body}`).toBeLessThan(500);
      expect(JSON.parse(posted.body), name).toMatchObject({ code: 'InvalidArgument' });
    }
    expect(storeFiles()).toEqual(before);
    expect(existsSync('/tmp/shenbao-escaped.pdf')).toBe(false);
    expect(await download('applicant-a1', victim, 'declarationForm')).toEqual(VICTIM);
    // Confirming a key that climbs out of its folder finds no upload there (was a 500 or another's file).
    const staged = fields.key!.replace('${filename}', '');
    for (const uploadKey of [`${staged}..`, `${staged}.`]) {
      const confirmed = await s.api.as('applicant-b1').post(`/declarations/${attacker}/materials/declarationForm`, { uploadKey });
      expect(confirmed.status, `${uploadKey}: ${JSON.stringify(confirmed.body)}`).toBe(422);
    }
    expect(storeFiles()).toEqual(before);
    // The same form with an ordinary name still works.
    expect((await postUpload(runtime.url, form, new File([ATTACK], 'mine.pdf'))).status).toBe(204);
  });
});

describe('material uploads over the API', () => {
  it('an API client gets a form, posts the file to the store (204), attaches it by its key and downloads it; others may not', async () => {
    const id = await draft();
    const api = s.api.as('applicant-a1');
    const given = await api.post(`/declarations/${id}/materials/budget/upload-form`);
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const { url, fields, key } = given.body as { url: string; fields: Record<string, string>; key: string };
    expect(url).toBe(LOCAL_UPLOAD_PATH);
    expect(fields).not.toHaveProperty('success_action_redirect');
    expect(key).toMatch(new RegExp(`^uploads/${id}/budget/[0-9a-f-]{36}/\\$\\{filename\\}$`));
    const stored = await postUpload(runtime.url, { action: url, fields: Object.entries(fields) }, new File([PDF], '预算.pdf'));
    expect(stored.status).toBe(204);

    const uploadKey = key.replace('${filename}', '预算.pdf');
    expect((await s.api.as('applicant-a2').post(`/declarations/${id}/materials/budget`, { uploadKey })).status).toBe(404);
    const attached = await api.post(`/declarations/${id}/materials/budget`, { uploadKey });
    expect(attached.status, JSON.stringify(attached.body)).toBe(200);
    expect(attached.body.materials).toEqual([
      { key: 'budget', fileName: '预算.pdf', contentType: 'application/pdf', sizeBytes: PDF.byteLength },
    ]);

    const download = await fetch(`${runtime.url}/declarations/${id}/materials/budget`, {
      headers: { authorization: `Bearer ${await s.api.token('applicant-a1')}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('预算.pdf')}`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    expect((await s.api.as('applicant-b1').get(`/declarations/${id}/materials/budget`)).status).toBe(404);
    expect((await api.get(`/declarations/${id}/materials/declarationForm`)).status).toBe(404);
  });

  it('a file confirmed after its declaration was submitted is refused (409) and deleted at once', async () => {
    const api = s.api.as('applicant-a1');
    const created = await api.post(`/calls/${callId}/declarations`, completeDeclarationOf('elder-empowerment', '先上传后提交'));
    const id = created.body.declarationId as string;
    const { url, fields, key } = (await api.post(`/declarations/${id}/materials/budget/upload-form`)).body as {
      url: string;
      fields: Record<string, string>;
      key: string;
    };
    expect((await postUpload(runtime.url, { action: url, fields: Object.entries(fields) }, new File([PDF], 'late.pdf'))).status).toBe(204);
    expect((await api.post(`/declarations/${id}/submit`)).status).toBe(200);
    const uploadKey = key.replace('${filename}', 'late.pdf');
    expect(await blobStore().inspect(uploadKey, 8)).toBeDefined();
    expect((await api.post(`/declarations/${id}/materials/budget`, { uploadKey })).status).toBe(409);
    expect(await blobStore().inspect(uploadKey, 8)).toBeUndefined();
  });

  it('no form for a material the call does not ask for, nor once the declaration is submitted', async () => {
    const id = await draft();
    const api = s.api.as('applicant-a1');
    const unknown = await api.post(`/declarations/${id}/materials/notAMaterial/upload-form`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'body.materials.notAMaterial', message: 'not a material this call asks for' }]);
    const submitted = await s.submittedDeclaration();
    expect((await api.post(`/declarations/${submitted}/materials/budget/upload-form`)).status).toBe(409);
  });
});

async function cookieOf(username: string) {
  const response = await fetch(`${runtime.url}/ui/signin`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ username }),
    headers: { origin: runtime.url },
  });
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('shenbao_session='))!
    .split(';')[0]!;
}
