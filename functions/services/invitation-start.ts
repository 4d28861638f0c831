import { addWorkingDays } from '../../core/calendar';
import { secondsUntil } from '../../core/invitations';
import { clock } from '../adapters/clock';
import type { CallItem, DeclarationItem } from '../adapters/entities';
import { configOf } from './calls';
import { stageDays } from './tasks';
import { countingCalendar } from './working-calendar';

/** What each step of a round tells the workflow (its RouteInvitations state reads `outcome`). */
export interface RoundOutput {
  outcome: 'inviting' | 'enough' | 'exhausted';
  /** inviting: whom the InviteExperts state invites, by when, and how long it waits at most. */
  invite?: string[];
  dueAt?: string;
  timeoutSeconds?: number;
  /** enough: ExpertReview's input. */
  experts?: string[];
  reviewDueAt?: string;
  reviewTimeoutSeconds?: number;
}

/**
 * What the office's assignment starts: everyone chosen is asked, except those who already accepted
 * in an earlier round (kept); anyone asked before and not chosen now no longer counts.
 */
export async function startingRound(declaration: DeclarationItem, call: CallItem, chosen: string[]) {
  const now = clock().now();
  const kept = (declaration.acceptedExperts ?? []).filter((e) => chosen.includes(e));
  const invite = chosen.filter((e) => !kept.includes(e));
  const everAsked = [...new Set([...(declaration.invitedExperts ?? []), ...chosen])];
  const dueAt = await invitationDueFrom(call, now);
  const set = {
    expertsWanted: chosen.length,
    invitedExperts: everAsked,
    acceptedExperts: kept,
    closedInvitations: everAsked.filter((e) => !chosen.includes(e)),
  };
  const output: RoundOutput = { outcome: 'inviting', invite, dueAt: dueAt.toISOString(), timeoutSeconds: secondsUntil(dueAt, now) };
  return { set, output };
}

/** When an invitation sent now must be answered: the call's invitation working days. */
export async function invitationDueFrom(call: Pick<CallItem, 'config' | 'kind'>, now: Date): Promise<Date> {
  const overrides = await countingCalendar(configOf(call).calendarOverrides);
  return addWorkingDays(now, stageDays(call, 'expertInvitation'), overrides).dueAt;
}
