/** The one source of "now". Domain code takes a Clock; nothing calls `new Date()` for the time of day. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
