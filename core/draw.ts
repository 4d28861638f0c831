import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { conflictReason, type Declarant, type PoolExpert } from './assignment';
import type { DrawRecord } from './draw-record';
import { coded, type Coded } from './problem-codes';

export { drawRecord, readDrawRecord, recordOf, type DrawRecord } from './draw-record';

/**
 * The random draw of experts (随机抽取) for one declaration, with 回避. Pure and seeded: the same
 * pool, declaration, load and seed give the same experts, so the draw recorded in the audit (its
 * seed and its eligible list) can be replayed in front of an inspector.
 */
export interface PoolMember extends PoolExpert {
  specialties: readonly string[];
  /** Organisations the expert declared they must not review (their own former employer, a partner …). */
  declaredConflicts?: readonly string[] | undefined;
  /** Days (China dates, inclusive) the expert said they cannot take work. */
  unavailable?: readonly { from: string; to: string }[] | undefined;
  active: boolean;
}

export interface DrawRequest {
  declaration: Declarant & {
    /** Experts the applicant declared a relationship with (申报单位申明的回避人员). */
    declaredRelations?: readonly string[] | undefined;
  };
  /** The specialties the call asks for; an expert qualifies with any one of them (none asked: any expert). */
  specialties: readonly string[];
  count: number;
  /** Open work per expert now, for balancing. */
  load: Readonly<Record<string, number>>;
  /** The draw's day (China date), for availability windows. */
  on: string;
  /** Experts already asked for this declaration (declined, timed out or accepted): never drawn again. */
  alreadyAsked?: readonly string[] | undefined;
  seed: number;
}

export const exclusionReasons = [
  'inactive',
  'already-asked',
  'organisation',
  'district',
  'declared-conflict',
  'declared-relationship',
  'specialty',
  'unavailable',
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

export interface DrawResult {
  seed: number;
  /** In the order drawn. */
  drawn: string[];
  /** Everyone who could have been drawn, by username: what an inspector replays the draw from. */
  eligible: string[];
  excluded: { username: string; reason: ExclusionReason }[];
}

/** Why this expert cannot be drawn for this declaration, or undefined when they can. */
export function exclusionOf(expert: PoolMember, request: Omit<DrawRequest, 'count' | 'load' | 'seed'>): ExclusionReason | undefined {
  const { declaration } = request;
  if (!expert.active) return 'inactive';
  if (request.alreadyAsked?.includes(expert.username)) return 'already-asked';
  const conflict = conflictReason(expert, declaration)?.coded.code;
  if (conflict === 'conflict-organisation') return 'organisation';
  if (conflict === 'conflict-district') return 'district';
  if (expert.declaredConflicts?.includes(declaration.organisationId)) return 'declared-conflict';
  if (declaration.declaredRelations?.includes(expert.username)) return 'declared-relationship';
  if (request.specialties.length > 0 && !expert.specialties.some((s) => request.specialties.includes(s))) return 'specialty';
  if (expert.unavailable?.some((w) => w.from <= request.on && request.on <= w.to)) return 'unavailable';
  return undefined;
}

/**
 * Draws up to `count` eligible experts. Balanced by load: nobody is drawn while an eligible expert
 * with less open work is left; among equals the seeded generator chooses. The pool's order does not
 * matter (it is sorted by username first), so a replay from the recorded eligible list agrees.
 */
export function drawExperts(pool: readonly PoolMember[], request: DrawRequest): DrawResult {
  const excluded: DrawResult['excluded'] = [];
  const eligible: string[] = [];
  for (const expert of [...pool].sort((a, b) => a.username.localeCompare(b.username))) {
    const reason = exclusionOf(expert, request);
    if (reason) excluded.push({ username: expert.username, reason });
    else eligible.push(expert.username);
  }
  const drawn = pickByLoad(eligible, request.count, request.load, request.seed);
  return { seed: request.seed, drawn, eligible, excluded };
}

/**
 * The draw proper among the eligible (sorted by username): the lightest-loaded first, the seeded
 * generator choosing among equals. Everything it depends on is in a DrawRecord, hence the replay.
 */
export function pickByLoad(eligible: readonly string[], count: number, load: Readonly<Record<string, number>>, seed: number): string[] {
  const rng = xoroshiro128plus(seed);
  const remaining = [...eligible];
  const drawn: string[] = [];
  const loadOf = (username: string) => load[username] ?? 0;
  while (drawn.length < count && remaining.length > 0) {
    const lightest = Math.min(...remaining.map(loadOf));
    const tier = remaining.filter((username) => loadOf(username) === lightest);
    const chosen = tier[uniformInt(rng, 0, tier.length - 1)]!;
    drawn.push(chosen);
    remaining.splice(remaining.indexOf(chosen), 1);
  }
  return drawn;
}

/** The draw replayed from its record alone: an inspector's check that it agrees with `drawn`. */
export function replayDraw(record: DrawRecord): string[] {
  return pickByLoad(record.eligible, record.count, record.load, record.seed);
}

/** An exclusion said as a refusal of a hand pick (the API's English and the pages' code), naming the expert. */
export function refusalOf(reason: ExclusionReason, expert: string): { message: string; coded: Coded } {
  const refusals: Record<ExclusionReason, [string, Coded]> = {
    inactive: [`${expert} is no longer active in the pool`, coded('expert-inactive', { expert })],
    'already-asked': [`${expert} was already asked for this declaration`, coded('expert-asked-before', { expert })],
    organisation: [`回避：${expert} belongs to the declaring organisation`, coded('conflict-organisation', { expert })],
    district: [`回避：${expert} is from the declaration’s district`, coded('conflict-district', { expert })],
    'declared-conflict': [`回避：${expert} declared a conflict with the declaring organisation`, coded('conflict-declared', { expert })],
    'declared-relationship': [`回避：the applicant declared a relationship with ${expert}`, coded('conflict-relationship', { expert })],
    specialty: [`${expert} has none of the specialties the call asks for`, coded('expert-specialty', { expert })],
    unavailable: [`${expert} is unavailable today`, coded('expert-unavailable', { expert })],
  };
  const [message, code] = refusals[reason];
  return { message, coded: code };
}
