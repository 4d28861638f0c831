import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../local/runtime';
import type { LoadSummary } from './stats';
import type { Job } from './worker';

type Reply = { ready: true } | { summary: LoadSummary } | { failure: string };

/**
 * The load generator process (bench/worker.ts, through tsx), started once and given one job at
 * a time, so no measurement pays for a process start and its sockets stay warm between jobs.
 */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static async start(env: NodeJS.ProcessEnv): Promise<LoadGenerator> {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('worker.ts', import.meta.url))], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const generator = new LoadGenerator(child);
    await generator.next();
    return generator;
  }

  private next(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: Reply) => {
        this.child.off('exit', onExit);
        resolve(reply);
      });
    });
  }

  /** Sets the worker's environment before its first floor job (its DynamoDB client reads it at first use). */
  async configure(env: Record<string, string>): Promise<void> {
    const reply = this.next();
    this.child.send({ env });
    await reply;
  }

  async run(job: Job): Promise<LoadSummary> {
    const reply = this.next();
    this.child.send(job);
    const answer = await reply;
    if ('failure' in answer) throw new Error(`the load generator failed: ${answer.failure}`);
    if (!('summary' in answer)) throw new Error('the load generator answered out of turn');
    return answer.summary;
  }

  stop(): void {
    this.child.kill();
  }
}
