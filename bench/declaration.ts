/**
 * The item the bench reads: one declaration created and submitted through the HTTP API, as a
 * declaring organisation would, so it carries every attribute and an open review task.
 */
const applicant = 'applicant-a1';

async function call<T>(url: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export interface BenchDeclaration {
  applicationId: string;
  /** The applicant's bearer token: the bench reads as the declaration's owner. */
  token: string;
  openTasks: number;
}

interface CallForm {
  callId: string;
  config: { formFields: { key: string }[]; materials: { key: string; required: boolean }[] };
}

export async function submittedDeclaration(url: string): Promise<BenchDeclaration> {
  const { access_token: token } = await call<{ access_token: string }>(url, 'POST', '/dev/token', { body: { username: applicant } });
  // The runtime seeds one open call per project kind; any of them takes a declaration.
  const calls = await call<{ items: CallForm[] }>(url, 'GET', '/calls');
  const seeded = calls.items[0];
  if (!seeded) throw new Error('no seeded call to declare under');
  const { callId, config } = seeded;
  const draft = await call<{ applicationId: string }>(url, 'POST', `/calls/${callId}/applications`, {
    token,
    body: {
      title: '银龄数字课堂',
      summary: '为辖区老年人开设智能手机与移动支付课程，每周两次。',
      contactName: '王老师',
      contactPhone: '021-5555 0101',
      // Whatever the call's kind asks for, so the submission is complete.
      fields: Object.fromEntries(config.formFields.map((f) => [f.key, '100'])),
      materials: config.materials.filter((m) => m.required).map((m) => ({ key: m.key, fileName: `${m.key}.pdf`, contentType: 'application/pdf', sizeBytes: 1024 })),
    },
  });
  const { applicationId } = draft;
  await call(url, 'POST', `/applications/${applicationId}/submit`, { token });

  // The workflow opens the district-recommendation task asynchronously; measure only once it has settled,
  // so the read is realistic (one task found) and no workflow writes run during the load.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const view = await call<{ openTasks: unknown[] }>(url, 'GET', `/applications/${applicationId}`, { token });
    if (view.openTasks.length > 0) return { applicationId, token, openTasks: view.openTasks.length };
    if (Date.now() > deadline) throw new Error(`declaration ${applicationId} got no open task within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
