import { expect } from 'vitest';

/** The pages over plain HTTP with a session cookie, as a browser without JavaScript uses them. */
export class PageClient {
  private cookie = '';
  constructor(
    readonly baseUrl: string,
    readonly origin = new URL(baseUrl).origin,
  ) {}

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
      // A browser says where a form comes from; the pages refuse forms from another origin.
      headers: { cookie: this.cookie, origin: this.origin, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form) : undefined,
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('shenbao_session='));
    if (session) this.cookie = session.split(';')[0]!;
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }
  get = (path: string) => this.request('GET', path);
  post = (path: string, form: Record<string, string> | [string, string][]) => this.request('POST', path, form);
}

const unescapeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** What a browser posts from the page's form that posts to `action`: inputs' values, ticked boxes and radios, selected options (disabled ones too). */
export function formValues(html: string, action: string): Record<string, string> {
  const form = html.split('<form').find((part) => part.includes(`action="${action}"`));
  if (!form) throw new Error(`no form posting to ${action}`);
  const attr = (tag: string, name: string) => {
    const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
    return m ? unescapeHtml(m[1]!) : undefined;
  };
  const values: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    if (!['checkbox', 'radio'].includes(attr(tag, 'type') ?? '')) values[name] = attr(tag, 'value') ?? '';
    else if (/\schecked=""/.test(tag)) values[name] = attr(tag, 'value') ?? 'on';
  }
  for (const [, name, options] of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option[^>]*selected=""[^>]*>/.exec(options!) ?? /<option[^>]*>/.exec(options!);
    values[name!] = attr(selected![0], 'value')!;
  }
  return values;
}

/** The upload form on a page that holds the file input `inputId`: where it posts, and its hidden fields in order. */
export function uploadFormOf(html: string, inputId: string): { action: string; fields: [string, string][] } {
  const form = html.split('<form').find((part) => part.includes(`id="${inputId}"`));
  if (!form) throw new Error(`no form with #${inputId}`);
  const action = unescapeHtml(/action="([^"]*)"/.exec(form)![1]!);
  const fields = [...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/?>/g)].map(
    (m) => [unescapeHtml(m[1]!), unescapeHtml(m[2]!)] as [string, string],
  );
  return { action, fields };
}

/** Posts a file as the browser posts an upload form: the hidden fields first, the file last, no cookie (it goes to the store). */
export async function postUpload(
  baseUrl: string,
  form: { action: string; fields: [string, string][] },
  file: File,
  extra: [string, string][] = [],
) {
  const body = new FormData();
  for (const [name, value] of [...form.fields, ...extra]) body.append(name, value);
  body.append('file', file);
  const response = await fetch(new URL(form.action, baseUrl), { method: 'POST', body, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}
