import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../local/runtime';
import type { PeerInput } from './peer';

/** bench/peer.ts in its own process; `url` once it listens. */
export class PeerServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(input: PeerInput): Promise<PeerServer> {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('peer.ts', import.meta.url)), JSON.stringify(input)], {
      cwd: projectRoot,
      env: process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the bare-Hono peer exited with ${code}`)));
      child.once('message', (reply: { url: string }) => resolve(new PeerServer(child, reply.url)));
    });
  }

  stop(): void {
    this.child.kill();
  }
}
