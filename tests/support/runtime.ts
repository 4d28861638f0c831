import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { refusedTableCalls } from '../../local/grants';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime';

/**
 * A runtime on the run's shared DynamoDB Local, with tables no other test file touches. Its
 * signing key and clock live in a temp dir, so a restart with the same `dataDir` keeps them.
 */
export async function startTestRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  return startRuntime({
    dynamoEndpoint: inject('dynamoEndpoint'),
    dataDir: mkdtempSync(join(tmpdir(), 'shenbao-test-')),
    tableName: `t-${randomBytes(4).toString('hex')}`,
    seed: false,
    logLevel: 'ERROR',
    ...options,
  });
}

/**
 * The file's runtime: started before its tests (the clock moved to `clockAt` if given) and stopped
 * after them. What it returns stands for the started runtime, so use it inside hooks and tests.
 */
export function fileRuntime(options: RuntimeOptions & { clockAt?: string } = {}): Runtime {
  const { clockAt, ...runtimeOptions } = options;
  let runtime: Runtime | undefined;
  beforeAll(async () => {
    runtime = await startTestRuntime(runtimeOptions);
    if (clockAt) await runtime.clock.set(new Date(clockAt));
  });
  afterAll(async () => {
    await runtime?.stop();
    // A DynamoDB call no Lambda's role allows fails in AWS: here too, even where the sweep swallowed it.
    expect(refusedTableCalls()).toEqual([]);
  });
  return standIn(() => {
    if (!runtime) throw new Error('the file runtime starts in beforeAll: use it inside hooks and tests');
    return runtime;
  });
}

/** What `make` builds, built on first use (after the file's runtime has started) and kept. */
export function late<T extends object>(make: () => T): T {
  let made: T | undefined;
  return standIn(() => {
    made ??= make();
    return made;
  });
}

/** An object that forwards every use to what `current` returns at that moment. */
function standIn<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get: (_, key) => {
      const target = current();
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

export interface Reply<T = any> {
  status: number;
  contentType: string;
  headers: Headers;
  body: T;
}

/** A small HTTP client for the API, signed in as a seeded user through POST /dev/token. */
export class ApiClient {
  private readonly tokens = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  /** Tokens expire on the clock they were issued by; after moving it far, sign in again. */
  forgetTokens(): void {
    this.tokens.clear();
  }

  async token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      const reply = await this.request('POST', '/dev/token', { body: { username } });
      if (reply.status !== 200) throw new Error(`no token for ${username}: ${JSON.stringify(reply.body)}`);
      token = reply.body.access_token as string;
      this.tokens.set(username, token);
    }
    return token;
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { as?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    return {
      status: response.status,
      contentType,
      headers: response.headers,
      body: contentType.includes('json') && text ? JSON.parse(text) : text,
    };
  }

  as(username: string) {
    return {
      get: <T = any>(path: string) => this.request<T>('GET', path, { as: username }),
      post: <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, { as: username, body }),
      patch: <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, { as: username, body }),
      put: <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, { as: username, body }),
    };
  }
}

/** Polls until `check` returns a value (the workflow moves asynchronously after a 200). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
