import type { Clock } from '../../core/clock';

/**
 * Wait states and task timeouts, kept by the time they are due on the movable clock instead of
 * as real timers: they fire when checkTimers is called with the clock past them.
 */
export class Timers {
  private readonly due = new Map<string, { at: number; fire: () => Promise<void> }>();

  constructor(private readonly clock: Clock) {}

  set(key: string, at: number, fire: () => Promise<void>): void {
    this.due.set(key, { at, fire });
  }

  delete(key: string): void {
    this.due.delete(key);
  }

  /** Forgets every timer whose key names the execution. */
  deleteOf(executionArn: string): void {
    for (const key of this.due.keys()) if (key.includes(executionArn)) this.due.delete(key);
  }

  clear(): void {
    this.due.clear();
  }

  /** Fires every timer the clock has passed; resolves once they have fired. */
  async check(): Promise<number> {
    const now = this.clock.now().getTime();
    const due = [...this.due.entries()].filter(([, timer]) => timer.at <= now);
    for (const [key] of due) this.due.delete(key);
    await Promise.all(due.map(([, timer]) => timer.fire()));
    return due.length;
  }
}
