import { performance } from 'node:perf_hooks';
import type { Runtime } from '../local/runtime';
import type { BenchApi, BenchTask } from './api';
import type { LoadGenerator } from './load';
import { recordOperations } from './recorder';
import { figure, fixed, loadLine, progress } from './report';
import { createdIds } from './shadows';
import { median } from './stats';

/**
 * Decision to next task: from a district's recommendation answered 200 to the formal-review task
 * showing in the city office's inbox, polled back to back, so the figure includes at most one
 * inbox read of slack, as a person refreshing would see it.
 *
 * The floor is the DynamoDB work on that path, replayed from the load generator: the task
 * handler's operations (recorded from the workflow's side in the first round) and the inbox
 * query that found the task. What it leaves out is the Step Functions transition itself, whose
 * state AWS keeps inside the service; the local endpoint writes it to DynamoDB Local, so that
 * (with the interpreter and the poll's slack) is what the ratio shows.
 */
export async function decisionToNextTask(
  runtime: Runtime,
  api: BenchApi,
  generator: LoadGenerator,
  tasks: BenchTask[],
  rounds: number,
): Promise<number> {
  const recommend = async (task: BenchTask) => {
    await api.post('district-b', `/tasks/${task.taskId}/decision`, { outcome: 'recommend', rank: 1 });
    const decided = performance.now();
    // The token is warm: a poll is one request, nothing else.
    await api.token('admin');
    for (;;) {
      const { items } = await api.get<{ items: BenchTask[] }>('admin', '/tasks');
      if (items.some((t) => t.declarationId === task.declarationId && t.kind === 'formal_review')) return performance.now() - decided;
    }
  };
  const [first, ...rest] = tasks.slice(0, rounds + 1);
  if (!first || rest.length < rounds) throw new Error(`decision to next task needs ${rounds + 1} open tasks`);
  await api.token('district-b');
  const handler = await recordOperations(
    async () => void (await recommend(first)),
    (port) => port === runtime.sfnPort,
    runtime,
  );
  const inbox = await recordOperations(
    async () => void (await api.get('admin', '/tasks')),
    (port) => port === runtime.port,
  );
  const operations = [...handler, ...inbox];
  progress(
    `  decision to next task: the handler's ${handler.map((o) => o.command.replace(/Command$/, '')).join('+')}, then the inbox ${inbox.map((o) => o.command.replace(/Command$/, '')).join('+')}`,
  );

  const samples: number[] = [];
  for (const task of rest) samples.push(await recommend(task));
  const floor = await generator.run({
    side: 'floor',
    operations,
    connections: 1,
    variation: { ids: createdIds(handler), from: 0, count: rounds },
  });
  if (floor.errors > 0) throw new Error(`the decision-to-next-task floor failed: ${floor.firstError}`);
  progress(`  decision to next task: ${samples.map((s) => fixed(s, 1)).join(', ')} ms; floor ${loadLine(floor)}`);
  const floorName = operations.map((o) => o.command.replace(/Command$/, '')).join('+');
  figure('decision to next task p50', median(samples), 'ms', { value: floor.p50, label: `floor ${floorName}` });
  return floor.errors;
}
