import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock';

/**
 * The local clock: real time plus an offset a developer (or a test) moves with `POST /dev/clock`.
 * Time keeps flowing after a move. The offset is kept on disk so a restart keeps the same "now".
 */
export class MovableClock implements Clock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => unknown>();

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
      if (typeof saved.offsetMs === 'number') this.offsetMs = saved.offsetMs;
    } catch {
      // No saved offset: the clock starts at real time.
    }
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock and waits until everything that follows it (Waits, timeouts) has reacted. */
  async set(target: Date): Promise<Date> {
    this.offsetMs = target.getTime() - Date.now();
    if (this.file) {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
    }
    await Promise.all([...this.listeners].map((listener) => listener()));
    return this.now();
  }

  onMove(listener: () => unknown): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
