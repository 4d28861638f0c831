import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kindDefinition, kindKey, type KindDefinition } from '../core/kind-definition';

/**
 * The kinds every installation starts with (config/kinds/*.json, one `{ key, definition }` a file):
 * the programmes the office ran before kinds were data, and examples built from configuration alone.
 * `demoCall` marks the kinds a fresh local install opens a call of.
 */
export interface KindSeed {
  key: string;
  definition: KindDefinition;
  demoCall: boolean;
}

export const KIND_SEEDS_DIR = join(import.meta.dirname, '..', 'config', 'kinds');

export function kindSeeds(dir = KIND_SEEDS_DIR): KindSeed[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const raw = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { key: unknown; definition: unknown; demoCall?: unknown };
      return { key: kindKey.parse(raw.key), definition: kindDefinition.parse(raw.definition), demoCall: raw.demoCall === true };
    });
}

/** One seeded kind's definition by key (tests and benchmarks build their declarations from it). */
export function seededKind(key: string): KindDefinition {
  const seed = kindSeeds().find((k) => k.key === key);
  if (!seed) throw new Error(`no seeded kind ${key} in ${KIND_SEEDS_DIR}`);
  return seed.definition;
}

/**
 * Writes each seeded kind's first version where the kind is absent (the office's own versions are
 * never touched), then freezes the versions that calls stored before kinds were data used.
 */
export async function seedKinds(seeds = kindSeeds()): Promise<string[]> {
  const { freezeVersionsOfStoredCalls, seedKind } = await import('../functions/services/kinds');
  for (const seed of seeds) await seedKind(seed.key, seed.definition);
  return freezeVersionsOfStoredCalls();
}
