import { randomInt } from 'node:crypto';
import { chinaDate } from '../../core/china-time';
import { drawExperts, exclusionOf, recordOf, type DrawRequest, type DrawResult } from '../../core/draw';
import type { Actor } from '../../core/identity';
import { clock } from '../adapters/clock';
import type { CallItem, DeclarationItem } from '../adapters/entities';
import { appendAudit } from './audit';
import { configOf } from './calls';
import { openTaskLoads, poolEntries, type PoolEntry } from './expert-pool';

export interface DrawOptions {
  count: number;
  /** Experts already asked for this declaration (declined, timed out, accepted): never drawn again. */
  alreadyAsked?: string[];
  /** Given to replay or test a draw; otherwise a fresh random one. */
  seed?: number;
}

/**
 * What a run of draws shares: the pool read once and the open work per expert, raised as each
 * draw hands out work, so a call-level draw balances across its declarations.
 */
export interface DrawContext {
  pool: PoolEntry[];
  load: Record<string, number>;
}

type Drawable = Pick<DeclarationItem, 'declarationId' | 'organisationId' | 'districtId' | 'avoidExperts'>;

/** The request a declaration's draw makes of core/draw.ts, less the seed, count and load. */
export function drawRequestOf(declaration: Drawable, call: Pick<CallItem, 'config'>, alreadyAsked: string[] = []) {
  return {
    declaration: {
      organisationId: declaration.organisationId,
      districtId: declaration.districtId,
      declaredRelations: declaration.avoidExperts ?? [],
    },
    specialties: configOf(call).expertSpecialties ?? [],
    on: chinaDate(clock().now()),
    alreadyAsked,
  } satisfies Omit<DrawRequest, 'count' | 'load' | 'seed'>;
}

/**
 * The random draw (随机抽取) of `count` experts for one declaration, with 回避 and the call's
 * specialties, balanced by open work. It reads the pool (one keyed partition) and the open work of
 * the eligible only, and records the draw on the declaration (audit `experts.drawn`, its reason a
 * JSON core/draw.ts `DrawRecord`: seed, eligible list, their load, what was drawn) so an inspector
 * can replay it. It assigns nothing: the caller does what follows with `drawn`.
 */
export async function drawForDeclaration(
  actor: Actor,
  declaration: Drawable,
  call: Pick<CallItem, 'config'>,
  options: DrawOptions,
  context?: DrawContext,
): Promise<DrawResult> {
  const base = drawRequestOf(declaration, call, options.alreadyAsked);
  const pool = context?.pool ?? (await poolEntries());
  const candidates = pool.filter((expert) => !exclusionOf(expert, base)).map((e) => e.username);
  const unknown = context ? candidates.filter((u) => context.load[u] === undefined) : candidates;
  const fresh = unknown.length ? await openTaskLoads(unknown) : {};
  const load = context ? Object.assign(context.load, fresh) : fresh;
  const request: DrawRequest = { ...base, count: options.count, load, seed: options.seed ?? randomInt(2 ** 31 - 1) };
  const result = drawExperts(pool, request);
  await appendAudit({
    declarationId: declaration.declarationId,
    actor: actor.username,
    action: 'experts.drawn',
    reason: JSON.stringify(recordOf(result, request)),
  });
  for (const username of result.drawn) load[username] = (load[username] ?? 0) + 1;
  return result;
}

/** A context for a run of draws: the pool read once, loads read as the draws need them. */
export async function drawContext(): Promise<DrawContext> {
  return { pool: await poolEntries(), load: {} };
}
