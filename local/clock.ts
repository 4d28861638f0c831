import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock';

/**
 * The local clock: real time plus an offset a developer (or a test) moves with `POST /dev/clock`.
 * Time keeps flowing after a move. The offset is kept on disk so a restart keeps the same "now",
 * and in shared memory so the Step Functions engine's thread reads the same "now" (FollowingClock).
 */
export class MovableClock implements Clock {
  private readonly offset = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly listeners = new Set<() => unknown>();

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
      if (typeof saved.offsetMs === 'number') this.store(saved.offsetMs);
    } catch {
      // No saved offset: the clock starts at real time.
    }
  }

  /** The memory the offset lives in, for a FollowingClock in another thread. */
  get shared(): SharedArrayBuffer {
    return this.offset.buffer as SharedArrayBuffer;
  }

  now(): Date {
    return new Date(Date.now() + Number(Atomics.load(this.offset, 0)));
  }

  /** Moves the clock and waits until everything that follows it (Waits, timeouts) has reacted. */
  async set(target: Date): Promise<Date> {
    const offsetMs = target.getTime() - Date.now();
    this.store(offsetMs);
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify({ offsetMs }));
    }
    await Promise.all([...this.listeners].map((listener) => listener()));
    return this.now();
  }

  onMove(listener: () => unknown): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private store(offsetMs: number): void {
    Atomics.store(this.offset, 0, BigInt(Math.round(offsetMs)));
  }
}

/** Another thread's view of a MovableClock: the same "now", moved only by its owner. */
export class FollowingClock implements Clock {
  private readonly offset: BigInt64Array;

  constructor(shared: SharedArrayBuffer) {
    this.offset = new BigInt64Array(shared);
  }

  now(): Date {
    return new Date(Date.now() + Number(Atomics.load(this.offset, 0)));
  }
}
