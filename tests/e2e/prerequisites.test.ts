import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamo';
import { projectRoot } from '../../local/runtime';

/**
 * What a machine without a prerequisite sees: one line naming what is missing and the command
 * that installs it, not a stack trace. PATH is cut down to a folder holding only `node`.
 */
const scratch = mkdtempSync(join(tmpdir(), 'shenbao-prereq-'));
const nodeOnly = join(scratch, 'bin');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>, path = nodeOnly): Promise<{ code: number | null; output: string }> {
  rmSync(nodeOnly, { recursive: true, force: true });
  mkdirSync(nodeOnly, { recursive: true });
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { HOME: process.env.HOME ?? scratch, ...env, PATH: path },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('without Java', () => {
  it('npm start says Java 17 is missing and how to install it, and exits 1', async () => {
    const port = await freePort();
    const { code, output } = await run(['--import', 'tsx', 'local/start.ts'], { PORT: String(port), DATA_DIR: join(scratch, 'data') });
    expect(code, output).toBe(1);
    expect(output).toContain('shenbao could not start: DynamoDB Local needs Java 17, and no `java` was found on PATH');
    expect(output).toContain('sudo apt-get install openjdk-17-jre-headless');
    expect(output).not.toContain("Unhandled 'error' event");
    expect(output).not.toContain('ENOENT');
  }, 120_000);

  it('npm test fails with the same message from its global setup', async () => {
    const { code, output } = await run(['node_modules/vitest/vitest.mjs', 'run', 'tests/unit/calendar.test.ts'], {});
    expect(code, output).not.toBe(0);
    expect(output).toContain('DynamoDB Local needs Java 17, and no `java` was found on PATH');
    expect(output).toContain('sudo apt-get install openjdk-17-jre-headless');
    expect(output).not.toContain("Unhandled 'error' event");
  }, 120_000);
});

describe('without chromium', () => {
  it('the browser tests fail with one line naming chromium and the command that installs it', async () => {
    const missing = join(scratch, 'no-such-chromium');
    // Java stays on PATH here: only the browser is missing.
    const { code, output } = await run(
      ['node_modules/vitest/vitest.mjs', 'run', 'tests/e2e/browser-projects.test.ts'],
      { CHROMIUM_PATH: missing },
      process.env.PATH!,
    );
    expect(code, output).not.toBe(0);
    const lines = output.split('\n').filter((line) => line.includes('chromium is missing'));
    expect(lines.length, output).toBeGreaterThan(0);
    expect(lines[0]).toContain(
      `chromium is missing: the browser tests need it at ${missing}; install it with \`sudo apt-get install chromium\``,
    );
    // Failed, not skipped: the file's tests are reported as failed.
    expect(output).toMatch(/Test Files\s+.*1 failed/);
    expect(output).not.toContain("Executable doesn't exist");
  }, 180_000);
});
