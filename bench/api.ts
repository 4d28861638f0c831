/**
 * The bench's HTTP client and the fixtures it builds through the API, as the people using it
 * would: calls, declarations drafted and submitted, tasks found in inboxes.
 */
export class BenchApi {
  private readonly tokens = new Map<string, string>();
  constructor(readonly url: string) {}

  /** Tokens expire on the runtime's clock; after moving it, sign in again. */
  forgetTokens(): void {
    this.tokens.clear();
  }

  async token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = (await this.call<{ access_token: string }>('POST', '/dev/token', { body: { username } })).access_token;
      this.tokens.set(username, token);
    }
    return token;
  }

  /** Any non-2xx answer throws, with the problem document: a bench on failed requests would measure errors. */
  async call<T = any>(method: string, path: string, options: { as?: string; body?: unknown } = {}): Promise<T> {
    const token = options.as ? await this.token(options.as) : undefined;
    const response = await fetchOnce(`${this.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    if (!response.ok) throw new BenchRequestError(`${method} ${path} answered ${response.status}: ${text}`, response.status);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get = <T = any>(as: string, path: string) => this.call<T>('GET', path, { as });
  /** A GET of something that may not exist yet (a project appears a moment after its 立项): undefined while 404. */
  find = <T = any>(as: string, path: string) =>
    this.get<T>(as, path).catch((error: unknown) => {
      if (error instanceof BenchRequestError && error.status === 404) return undefined;
      throw error;
    });
  post = <T = any>(as: string, path: string, body?: unknown) => this.call<T>('POST', path, { as, body });
}

/**
 * fetch, sent again once when a kept-alive socket turns out closed (ECONNRESET before any answer):
 * the server closed it idle as the request went out, which a loaded machine makes likely. The
 * request most likely never reached the app (a bench fixture made twice is harmless); anything
 * else is thrown as it is.
 */
async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } })?.cause?.code !== 'ECONNRESET') throw error;
    return fetch(url, init);
  }
}

export interface BenchTask {
  taskId: string;
  declarationId: string;
  kind: string;
  status: string;
}

export interface CallForm {
  callId: string;
  closesAt: string;
  noticeEndsAt?: string;
  status: string;
  executionArn: string;
  config: { form: { key: string; type: string; required?: boolean }[]; materials: { key: string; required: boolean }[] };
}

/** Polls until `check` returns a value: the workflows move on after the API has answered. */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 120_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Whatever the call's kind asks for, so the submission is complete. */
export function draftFor(call: CallForm, title = '银龄数字课堂') {
  return {
    title,
    summary: '为辖区老年人开设智能手机与移动支付课程，每周两次。',
    contactName: '王老师',
    contactPhone: '021-5555 0101',
    // '120' reads as text or a number; an optional table (a budget's lines) is left out.
    fields: Object.fromEntries(
      call.config.form.filter((f) => f.type !== 'material' && !(f.type === 'table' && !f.required)).map((f) => [f.key, '120']),
    ),
    materials: call.config.materials
      .filter((m) => m.required)
      .map((m) => ({ key: m.key, fileName: `${m.key}.pdf`, contentType: 'application/pdf', sizeBytes: 102400 })),
  };
}

/** What the city office posts to open a call now (it opened an hour ago), adjusted. */
export function callInput(now: Date, kind: string, adjust: Record<string, unknown> = {}) {
  return {
    kind,
    year: now.getUTCFullYear(),
    title: '社区教育项目申报（基准测试）',
    opensAt: new Date(now.getTime() - 3600_000).toISOString(),
    closesAt: new Date(now.getTime() + 300 * 86400_000).toISOString(),
    ...adjust,
  };
}

export function callReaches(api: BenchApi, callId: string, status: string): Promise<CallForm> {
  return until(async () => {
    const call = await api.get<CallForm>('admin', `/calls/${callId}`);
    return call.status === status && call;
  }, `call ${callId} to be ${status}`);
}

/** An open call, created by the city office and left running by its workflow. */
export async function openCall(api: BenchApi, now: Date, kind: string, adjust: Record<string, unknown> = {}): Promise<CallForm> {
  const created = await api.post<CallForm>('admin', '/calls', callInput(now, kind, adjust));
  return callReaches(api, created.callId, 'open');
}

/** Drafts and submits `count` declarations, `lanes` at a time; returns their ids. */
export async function submitMany(api: BenchApi, applicant: string, call: CallForm, count: number, lanes = 6): Promise<string[]> {
  const ids: string[] = [];
  let left = count;
  async function lane(): Promise<void> {
    while (left > 0) {
      left -= 1;
      const { declarationId } = await api.post<{ declarationId: string }>(applicant, `/calls/${call.callId}/declarations`, draftFor(call));
      await api.post(applicant, `/declarations/${declarationId}/submit`);
      ids.push(declarationId);
    }
  }
  await Promise.all(Array.from({ length: lanes }, lane));
  return ids;
}

/** The open tasks of a kind in someone's inbox, once every one of `declarationIds` has one. */
export async function openTasksFor(
  api: BenchApi,
  username: string,
  kind: string,
  declarationIds: string[],
  timeoutMs = 120_000,
): Promise<Map<string, BenchTask>> {
  const wanted = new Set(declarationIds);
  return until(
    async () => {
      const { items } = await api.get<{ items: BenchTask[] }>(username, '/tasks');
      const found = new Map(
        items.filter((t) => t.kind === kind && t.status === 'open' && wanted.has(t.declarationId)).map((t) => [t.declarationId, t]),
      );
      return found.size === wanted.size && found;
    },
    `${declarationIds.length} ${kind} task(s) in ${username}'s inbox`,
    timeoutMs,
    200,
  );
}

export class BenchRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'BenchRequestError';
  }
}
