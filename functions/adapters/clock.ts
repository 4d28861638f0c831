import { systemClock, type Clock } from '../../core/clock';

/**
 * The process's clock. Lambdas keep the system clock; the local runtime installs its movable
 * clock at start-up (its composition root), so handlers never branch on where they run.
 */
let current: Clock = systemClock;

export function clock(): Clock {
  return current;
}

export function useClock(next: Clock): void {
  current = next;
}
