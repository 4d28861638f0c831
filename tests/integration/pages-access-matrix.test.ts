import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app';
import { buildPageFixture, mustNotShow, pageCases, type PageCase, type PageFixture } from '../support/page-routes';
import { PageClient } from '../support/pages';
import { callers, expected, type Caller } from '../support/routes';
import { fileRuntime } from '../support/runtime';

// No timed sweep: the pages read a table that moves only when the fixture moves it.
const runtime = fileRuntime({ sweepIntervalMs: 0 });
let fixture: PageFixture;
const sessions = new Map<Caller, string>();
beforeAll(async () => {
  fixture = await buildPageFixture(runtime);
  for (const caller of callers) {
    if (caller === 'anonymous') continue;
    const client = await PageClient.signIn(runtime.url, caller);
    sessions.set(caller, (client as unknown as { cookie: string }).cookie);
  }
}, 300_000);

/** The page routes the app serves, as `METHOD /path` with Hono's `:param`s (middleware left out). */
function pageRoutes(): string[] {
  const app = createApp({ dev: { users: () => [], issueToken: async () => undefined } as never });
  return [...new Set(app.routes.filter((r) => r.path.startsWith('/ui') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
}

/** One request as a browser would send it, with the caller's session; the session is never changed (sign-out included). */
async function open(caller: Caller, method: string, path: string, form?: Record<string, string>) {
  const session = sessions.get(caller);
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      origin: runtime.url,
      ...(session ? { cookie: session } : {}),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form) : undefined,
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

describe('the page route × role matrix, generated from the app’s routes', () => {
  it('has an entry for every page the app serves, and none for a page it does not', () => {
    const routes = pageRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((r) => !pageCases[r]);
    expect(missing, `add an entry for ${missing.map((m) => `'${m}'`).join(', ')} to pageCases in tests/support/page-routes.ts`).toEqual([]);
    expect(
      Object.keys(pageCases).filter((r) => !routes.includes(r)),
      'pageCases lists pages the app no longer has',
    ).toEqual([]);
  });

  it('gives every caller, anonymous included, the status the table names, and shows no one what they may not see', async () => {
    const wrong: string[] = [];
    let requests = 0;
    for (const route of pageRoutes()) {
      const [method] = route.split(' ') as [string];
      for (const entry of [pageCases[route] ?? []].flat() as PageCase[]) {
        const path = entry.path(fixture);
        for (const caller of callers) {
          const reply = await open(caller, method, path, entry.form ?? (method === 'POST' ? {} : undefined));
          requests++;
          const want = expected(entry, caller);
          if (reply.status !== want)
            wrong.push(
              `${method} ${path} as ${caller}: ${reply.status}, expected ${want}${reply.location ? ` (→ ${reply.location})` : ''}`,
            );
          if (
            reply.status === 303 &&
            want === 303 &&
            caller === 'anonymous' &&
            !['/ui/signin', '/ui/signout', '/ui/auth/callback', '/ui'].includes(path)
          ) {
            if (!reply.location?.startsWith('/ui/signin?next='))
              wrong.push(`${method} ${path} as anonymous: sent to ${reply.location}, not to sign in`);
          }
          if (entry.unchecked) continue;
          const shown = mustNotShow(caller).filter((secret) => reply.html.includes(secret));
          if (shown.length) wrong.push(`${method} ${path} as ${caller} shows ${shown.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(requests).toBeGreaterThan(pageRoutes().length * callers.length);
  });

  it('shows the applicant and its district that experts were assigned and scored, without naming them, as the API does', async () => {
    for (const [who, path] of [
      ['applicant-a1', `/ui/applicant/declarations/${fixture.projectId}`],
      ['district-a', `/ui/tasks/${fixture.districtTaskId}`],
    ] as const) {
      const page = await open(who, 'GET', path);
      expect(page.status, who).toBe(200);
      expect(page.html, who).toContain('分配评审专家');
      expect(page.html, who).toContain('专家评分');
      // Neither by username nor by the name the pages now show people by (issue 16 item 5).
      for (const name of ['expert-2', 'expert-3', 'expert-5', '评审专家2', '评审专家3', '评审专家5'])
        expect(page.html, `${who}: ${name}`).not.toContain(name);
    }
    // The office reads the whole trail, people by their names (the directory's), not their usernames.
    const office = await open('admin', 'GET', `/ui/office/declarations/${fixture.projectId}`);
    for (const name of ['评审专家2', '评审专家3', '评审专家5', 'B区丙街道社区教育中心']) expect(office.html, name).toContain(name);
  });
});

describe('where an established declaration stands (issue 16 item 6)', () => {
  it('shows the applicant its project accepted as 优秀 in its list and on the declaration’s page, not 立项', async () => {
    const list = await open('applicant-a1', 'GET', '/ui/applicant');
    const row = list.html.split('<tr>').find((r) => r.includes(`/ui/applicant/declarations/${fixture.projectId}"`));
    expect(row).toBeDefined();
    expect(row).toContain('验收通过（优秀）');
    expect(row).not.toContain('>立项<');
    const page = await open('applicant-a1', 'GET', `/ui/applicant/declarations/${fixture.projectId}`);
    const stage = /当前阶段：([\s\S]*?)<\/p>/.exec(page.html)?.[1];
    expect(stage).toContain('验收通过（优秀）');
    expect(stage).not.toContain('>立项<');
    const english = await open('applicant-a1', 'GET', '/ui/applicant?lang=en');
    expect(english.html).toContain('Accepted (excellent)');
  });
});
