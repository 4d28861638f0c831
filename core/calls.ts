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
