/**
 * Writes the seeded kinds (config/kinds/*.json) into a deployed stage's table where absent:
 * `TABLE_NAME=<table> AWS_REGION=<region> npx tsx scripts/seed-kinds.ts`. A rerun changes nothing, and
 * a kind the office has versioned since keeps its versions.
 */
import { kindSeeds, seedKinds } from '../local/kind-seeds';

const seeds = kindSeeds();
const frozen = await seedKinds(seeds);
console.log(`kinds present: ${seeds.map((s) => s.key).join(', ')}; version 1 frozen for stored calls: ${frozen.join(', ') || 'none'}`);
