import { writeSync } from 'node:fs';
import { optionalEnv } from './env';

/**
 * Named step boundaries where a test may have the process die, as kill -9 would: arm one with
 * `SHENBAO_FAULT=<point>[:<n>]` (the n-th time it is reached, default the first). A point may be
 * qualified by the state or task it is about (`sfn.token-saved/DistrictRecommendation`); the
 * unqualified name matches any. Only the local runtime reads it: a Lambda (AWS_LAMBDA_FUNCTION_NAME
 * set) never dies on purpose, and the cloud stacks do not pass the variable.
 *
 * Points: submit.staged, call.staged, project.ended (a write committed, its outbox intent not yet
 * carried out); intent.started (StartExecution/StopExecution done, the intent not yet marked);
 * sfn.token-saved (token and checkpoint stored, the step handler not yet run); sfn.task-recorded
 * (the task record written, the TaskSubmitted history not yet); sfn.task-done (a plain step's
 * handler returned, the next checkpoint not yet); decision.committed (a decision committed,
 * SendTaskSuccess not yet sent); sfn.token-settled (the token settled, the execution not yet told);
 * score.committed (an expert's score committed, the stage the last one finishes not yet); call.settled
 * (立项 settled a declaration, its project not yet started).
 */
const reached = new Map<string, number>();

/** What dying means: SIGKILL by default; an in-process test swaps in a crash of its runtime. */
let die: (point: string) => Promise<never> = (point) => {
  // Synchronous, so the line is out before the signal; a SIGKILL sent to oneself is delivered
  // before kill() returns, so nothing after this point runs.
  writeSync(2, `shenbao: fault point ${point} reached: SIGKILL\n`);
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => {});
};

export function onFault(handler: (point: string) => Promise<never>): void {
  die = handler;
}

/** Dies for a point another thread of this process reached (the local Step Functions engine's). */
export function dieFor(point: string): Promise<never> {
  return die(point);
}

export async function faultPoint(point: string, qualifier?: string): Promise<void> {
  const armed = optionalEnv('SHENBAO_FAULT');
  if (!armed || optionalEnv('AWS_LAMBDA_FUNCTION_NAME')) return;
  const [name, nth] = armed.split(':');
  if (name !== point && name !== `${point}/${qualifier}`) return;
  const count = (reached.get(armed) ?? 0) + 1;
  reached.set(armed, count);
  if (count === Number(nth ?? 1)) await die(armed);
}

/** Forgets how often each point was reached (an in-process test arming a point anew). */
export function resetFaults(): void {
  reached.clear();
}
