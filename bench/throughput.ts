import type { BenchApi, CallForm } from './api';
import { draftFor } from './api';
import type { LoadGenerator } from './load';
import { figure, loadLine, progress } from './report';

/**
 * Declarations drafted and submitted back to back by `connections` applicants' clients for a
 * sustained period, each submission starting its workflow in the same runtime, which keeps
 * opening district tasks while the load runs. Every failed request is an error.
 */
export async function throughput(
  api: BenchApi,
  generator: LoadGenerator,
  call: CallForm,
  connections: number,
  seconds: number,
): Promise<number> {
  const summary = await generator.run({
    side: 'api',
    url: api.url,
    token: await api.token('applicant-b1'),
    connections,
    durationSeconds: seconds,
    shape: { kind: 'declare', callId: call.callId, draft: draftFor(call, '社区书法公益课') },
  });
  if (summary.errors > 0) progress(`  throughput: ${summary.errors} error(s), first: ${summary.firstError}`);
  progress(`  throughput: ${summary.count} requests over ${seconds} s @${connections}, ${loadLine(summary)}`);
  figure(`throughput declarations submitted @${connections}`, summary.completedPerSecond ?? 0, 'declarations/s');
  figure('throughput errors', summary.errors, 'errors');
  return summary.errors;
}
