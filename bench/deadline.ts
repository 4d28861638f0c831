import type { Runtime } from '../local/runtime';
import { draftFor, openCall, type BenchApi } from './api';
import type { CapacityMeter } from './capacity';
import { countHistory, historyOf } from './lifecycle';
import type { LoadGenerator } from './load';
import { costOf, declarationsPerCall, pricedRegion, unpricedReason } from './prices';
import { figure, loadLine, progress, whyNoP99, whyUnmeasured } from './report';

/** The deadline day issue 25 asks about: 2,000 applicants submitting within the last 10 minutes. */
export const deadlineDay = { applicants: 2000, windowSeconds: 600 } as const;

export interface DeadlinePlan {
  /** Applicants this run sends; fewer than 2,000 compresses the window at the same arrival rate. */
  applicants: number;
}

/** How many submissions' workflows are read back for their transitions and handler work. */
const SAMPLED_EXECUTIONS = 20;

/**
 * Applicants arrive at the deadline day's rate (2,000 in 600 s, 3.33 a second, evenly spaced,
 * open loop) against the local stack, each drafting and submitting a declaration with the seeded
 * applicants' tokens (the local identity signs in seeded users only). A run that must fit the
 * bench sends fewer at the same rate, over a proportionally shorter window, and says so.
 * Then the hour's cloud cost: the requests and their time as measured, the DynamoDB units the
 * API and the workflows consumed, and the transitions the declarations' workflows made up to
 * their first human step, read back from a sample of them, scaled to 2,000.
 */
export async function deadlineDayFigures(
  runtime: Runtime,
  api: BenchApi,
  generator: LoadGenerator,
  meter: CapacityMeter,
  plan: DeadlinePlan,
): Promise<number> {
  const rate = deadlineDay.applicants / deadlineDay.windowSeconds;
  const windowSeconds = plan.applicants / rate;
  const compressed = plan.applicants < deadlineDay.applicants;
  progress(
    `  ${plan.applicants} applicants over ${windowSeconds.toFixed(0)} s (${rate.toFixed(2)}/s)${compressed ? `: the 2,000-in-600-s window compressed to ${((100 * plan.applicants) / deadlineDay.applicants).toFixed(0)}% at the same rate, to fit the bench` : ''}`,
  );
  // A call of its own, so the other measurements' inboxes are untouched.
  const call = await openCall(api, runtime.clock.now(), 'elder-empowerment');
  const tokens = await Promise.all(['applicant-a1', 'applicant-a2', 'applicant-b1'].map((u) => api.token(u)));
  const draft = draftFor(call, '社区智慧助老课堂');
  // One applicant alone first: the warm-up, and what a submission costs with nobody else there.
  const alone = await generator.run({
    side: 'api',
    url: api.url,
    token: tokens[0]!,
    connections: 1,
    durationSeconds: 3,
    shape: { kind: 'declare', callId: call.callId, draft },
  });
  progress(`  one applicant alone: ${loadLine(alone)}`);

  const since = runtime.clock.now();
  const stop = meter.start(() => true);
  const summary = await generator.run({
    side: 'arrivals',
    url: api.url,
    tokens,
    callId: call.callId,
    draft,
    count: plan.applicants,
    windowSeconds,
  });
  // The workflows started by the last submissions finish their first steps after the last answer.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const consumed = await stop();
  progress(`  deadline day: ${loadLine(summary)}, ${summary.errors} error(s)${summary.firstError ? `, first: ${summary.firstError}` : ''}`);
  const name = `deadline day (${plan.applicants} applicants at ${rate.toFixed(2)}/s${compressed ? `, 2,000 in 600 s compressed to ${windowSeconds.toFixed(0)} s` : ''})`;
  figure(`${name} errors`, summary.errors, 'errors');
  figure(`${name} submit p50`, summary.p50, 'ms', { value: alone.p50, label: 'one applicant alone' }, whyUnmeasured(summary));
  figure(`${name} submit p99`, summary.p99, 'ms', { value: alone.p50, label: 'p50 of one applicant alone' }, whyNoP99(summary));
  figure(`${name} submitted`, summary.completed ?? 0, 'declarations', {
    value: plan.applicants,
    label: 'sent',
    unit: 'declarations',
  });

  // What their workflows did up to the first human step, from a sample of those started here.
  const arn = process.env.DECLARATION_STATE_MACHINE_ARN ?? '';
  const { executions } = await runtime.engine.listExecutions({ stateMachineArn: arn, statusFilter: 'RUNNING', maxResults: 1000 });
  const started = executions.filter((e) => Number(e.startDate) * 1000 >= since.getTime()).slice(0, SAMPLED_EXECUTIONS);
  const counts = await Promise.all(started.map(async (e) => countHistory(await historyOf(runtime, e.executionArn))));
  const per = (pick: (c: ReturnType<typeof countHistory>) => number) =>
    counts.length === 0 ? Number.NaN : counts.reduce((sum, c) => sum + pick(c), 0) / counts.length;
  const submitted = Math.max(1, summary.completed ?? 0);
  const scale = deadlineDay.applicants / submitted;
  const requests = summary.count + summary.errors;
  const usage = {
    transitions: per((c) => c.transitions) * deadlineDay.applicants,
    lambdaInvocations: requests * scale + per((c) => c.handlerInvocations) * deadlineDay.applicants,
    // The API's time as its requests took here (the Lambda bills its duration, near enough).
    apiMs: (summary.p50 || 0) * requests * scale,
    handlerMs: per((c) => c.handlerMs) * deadlineDay.applicants,
    apiRequests: requests * scale,
    readUnits: consumed.readUnits * scale,
    writeUnits: consumed.writeUnits * scale,
  };
  progress(
    `  the hour, scaled to 2,000: ${usage.apiRequests.toFixed(0)} requests, ${usage.transitions.toFixed(0)} transitions (${counts.length} workflows sampled), ${usage.readUnits.toFixed(0)} RRU, ${usage.writeUnits.toFixed(0)} WRU`,
  );
  const cost = costOf(usage);
  figure(
    `deadline day hour in the cloud (2,000 submissions, ${pricedRegion})`,
    cost.total,
    'USD',
    { value: costOf({ ...usage, transitions: 0 }).total, label: 'without Step Functions', unit: 'USD' },
    counts.length === 0 ? 'no workflow of the window found to count transitions' : unpricedReason,
  );
  progress(`  (calls share their own execution across ${declarationsPerCall}; the hour has no call opened in it)`);
  return summary.errors;
}
