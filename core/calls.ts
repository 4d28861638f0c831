/** A call's window (受理期): when declarations may be submitted under it. */
interface CallWindow {
  opensAt: string;
  closesAt: string;
}

/** The call has opened: from then on its settings hold for every applicant and may no longer change. */
export function hasCallOpened(call: Pick<CallWindow, 'opensAt'>, now: Date): boolean {
  return Date.parse(call.opensAt) <= now.getTime();
}

/** Declarations may be submitted from the opening to the closing, both included. */
export function isOpenForSubmission(call: CallWindow, now: Date): boolean {
  return hasCallOpened(call, now) && now.getTime() <= Date.parse(call.closesAt);
}

/**
 * How long after the opening a call's settings are taken as settled everywhere: an edit refused
 * at the opening by one Lambda's clock may still be accepted by another's a little behind it.
 */
export const SETTLED_AFTER_OPENING_MS = 60_000;

/** The call's settings can be kept without reading them again: opened, and past every clock's doubt. */
export function haveCallSettingsSettled(call: Pick<CallWindow, 'opensAt'>, now: Date): boolean {
  return Date.parse(call.opensAt) + SETTLED_AFTER_OPENING_MS <= now.getTime();
}
