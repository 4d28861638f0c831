/**
 * Where a declaration's invitations stand (专家邀请), from what its record keeps: how many experts
 * must accept, everyone asked so far, who accepted, and whose invitation ended unaccepted
 * (declined or timed out). Each unaccepted one is replaced one for one, so the open invitations
 * plus the accepted never exceed the number wanted.
 */
export interface InvitationRecord {
  expertsWanted?: number | undefined;
  invitedExperts?: string[] | undefined;
  acceptedExperts?: string[] | undefined;
  closedInvitations?: string[] | undefined;
}

export interface InvitationRound {
  wanted: number;
  invited: string[];
  accepted: string[];
  /** Asked and not yet answered. */
  open: string[];
}

export function invitationRound(record: InvitationRecord): InvitationRound {
  const invited = record.invitedExperts ?? [];
  const accepted = record.acceptedExperts ?? [];
  const closed = new Set([...(record.closedInvitations ?? []), ...accepted]);
  return { wanted: record.expertsWanted ?? 0, invited, accepted, open: invited.filter((e) => !closed.has(e)) };
}

/**
 * What follows a change in the round: scoring starts once enough have accepted; with nobody left
 * to answer and too few accepted (nobody eligible was left to draw) the office assigns again;
 * otherwise the round waits.
 */
export function roundOutcome(round: InvitationRound): 'enough' | 'exhausted' | 'waiting' {
  if (round.wanted > 0 && round.accepted.length >= round.wanted) return 'enough';
  if (round.open.length === 0) return 'exhausted';
  return 'waiting';
}

/** Whether this expert may still answer: invited, and neither answered nor timed out. */
export function isOpenInvitee(record: InvitationRecord, expert: string): boolean {
  return invitationRound(record).open.includes(expert);
}

/** Seconds from `now` until `dueAt` for a state's TimeoutSecondsPath: a positive whole number. */
export function secondsUntil(dueAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((dueAt.getTime() - now.getTime()) / 1000));
}

/** How an invitation stands, as the office's page and the API name it. */
export const invitationStatuses = ['invited', 'accepted', 'declined', 'timed_out', 'withdrawn'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];

/** From its task: open → asked; decided → the answer; closed by the timeout → timed out; closed otherwise (the round ended) → withdrawn. */
export function invitationStatus(task: { status: string; decision?: unknown }): InvitationStatus {
  if (task.status === 'open') return 'invited';
  const outcome = (task.decision as { outcome?: string } | undefined)?.outcome;
  if (outcome === 'accept') return 'accepted';
  if (outcome === 'decline') return 'declined';
  if (outcome === 'timeout') return 'timed_out';
  return 'withdrawn';
}
