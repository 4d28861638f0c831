import { expect } from 'vitest';

/** The pages over plain HTTP with a session cookie, as a browser without JavaScript uses them. */
export class PageClient {
  private cookie = '';
  constructor(readonly baseUrl: string) {}

  static async signIn(baseUrl: string, username: string) {
    const client = new PageClient(baseUrl);
    const reply = await client.post('/ui/signin', { username });
    expect(reply.status).toBe(303);
    expect(client.cookie).toContain('shenbao_session=');
    return client;
  }

  /** A form as a record, or as pairs where a name repeats (ticked checkboxes). */
  async request(method: string, path: string, form?: Record<string, string> | [string, string][]) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('shenbao_session='));
    if (session) this.cookie = session.split(';')[0]!;
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }
  get = (path: string) => this.request('GET', path);

  /** A file input's form (multipart), as the materials upload posts it. */
  async upload(path: string, file: { name: string; type: string; bytes: Uint8Array }) {
    const body = new FormData();
    body.append('file', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    const response = await fetch(`${this.baseUrl}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: this.cookie }, body });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }
  post = (path: string, form: Record<string, string> | [string, string][]) => this.request('POST', path, form);
}
