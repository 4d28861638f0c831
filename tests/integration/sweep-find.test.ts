import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime';
import { projectRoot } from '../../local/runtime';
import { startTestRuntime } from '../support/runtime';

/**
 * `npm run sweep -- --now …` finds the running stack wherever its data is, as `npm start` (which
 * announces itself) is found; DATA_DIR picks one when several run. The registry of running stacks
 * is a folder of this test's own, so a developer's `npm start` cannot interfere.
 */
const registry = mkdtempSync(join(tmpdir(), 'shenbao-running-test-'));
let runtime: Runtime;
beforeAll(async () => {
  process.env.SHENBAO_RUNNING_DIR = registry;
  runtime = await startTestRuntime({ announce: true });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(registry, { recursive: true, force: true });
});

const later = '2031-03-04T05:06:07.000Z';
async function sweepCli(env: Record<string, string> = {}) {
  const { DATA_DIR: _unset, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'local/sweep.ts', '--now', later], {
      cwd: projectRoot,
      env: { ...inherited, SHENBAO_RUNNING_DIR: registry, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run sweep finds the running stack', () => {
  it('without DATA_DIR: the only running stack, though its data is not under .data/; a dead one is skipped and forgotten', async () => {
    expect(runtime.dataDir).not.toContain('.data');
    const dead = join(registry, '999999999-1.json');
    writeFileSync(dead, JSON.stringify({ pid: 999_999_999, url: 'http://127.0.0.1:1', dataDir: '/nowhere' }));
    const run = await sweepCli();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`sweeping the shenbao at ${runtime.url} (data in ${runtime.dataDir})`);
    expect(JSON.parse(run.stdout).now).toBe(later);
    expect(existsSync(dead)).toBe(false);
  }, 120_000);

  it('with several running it names them and says how to pick one; DATA_DIR picks it', async () => {
    const other = join(registry, `${process.pid}-1.json`);
    writeFileSync(other, JSON.stringify({ pid: process.pid, url: 'http://127.0.0.1:1', dataDir: '/elsewhere' }));
    try {
      const ambiguous = await sweepCli();
      expect(ambiguous.code).toBe(1);
      expect(ambiguous.stderr).toContain(`2 shenbao stacks are running (`);
      expect(ambiguous.stderr).toContain(`${runtime.url}, data in ${runtime.dataDir}`);
      expect(ambiguous.stderr).toContain('point at its data with DATA_DIR=<its data dir> npm run sweep -- --now <iso>');
      const picked = await sweepCli({ DATA_DIR: runtime.dataDir! });
      expect(picked.code, picked.stderr).toBe(0);
      expect(picked.stderr).toContain(`sweeping the shenbao at ${runtime.url}`);
    } finally {
      rmSync(other, { force: true });
    }
  }, 120_000);

  it('with none running it says to start one; a DATA_DIR with no running stack says so', async () => {
    const gone = mkdtempSync(join(tmpdir(), 'shenbao-nothing-'));
    const none = await sweepCli({ SHENBAO_RUNNING_DIR: gone });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no running shenbao found: start it with npm start');
    const wrongDir = await sweepCli({ DATA_DIR: gone });
    expect(wrongDir.code).toBe(1);
    expect(wrongDir.stderr).toContain(`no running shenbao has its data in ${gone}`);
    rmSync(gone, { recursive: true, force: true });
    expect(readdirSync(registry)).toHaveLength(1);
  }, 120_000);
});
