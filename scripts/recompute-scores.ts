/**
 * Recomputes stored expert totals and combined scores under the current scoring rule (issue 20
 * item 3: the sum of points, a trimmed mean only from five sheets) and records old → new in each
 * affected declaration's history. Idempotent: run it again and it writes nothing.
 *
 *   TABLE_NAME=shenbao-<stage> AWS_REGION=<region> npx tsx scripts/recompute-scores.ts [--dry-run]
 *
 * (Against DynamoDB Local add DYNAMODB_ENDPOINT=http://127.0.0.1:<port>; `npm start` runs the same
 * function itself at every start.)
 */
import { recomputeScores } from '../functions/services/rescoring';

const dryRun = process.argv.includes('--dry-run');
const report = await recomputeScores({ dryRun });
for (const { declarationId, reason } of report.changed) console.log(`${declarationId}  ${reason}`);
console.log(
  `${report.checked} declarations checked; ${report.changed.length} ${dryRun ? 'would change' : 'changed'}` +
    (report.skipped.length ? `; ${report.skipped.length} changed meanwhile, run again: ${report.skipped.join(' ')}` : ''),
);
