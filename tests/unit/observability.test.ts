import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { carryingCorrelation, correlationId, withCorrelationId } from '../../functions/adapters/correlation';
import { logger } from '../../functions/adapters/log';
import { publishMetrics } from '../../functions/adapters/metrics';
import { emptyReport } from '../../functions/services/sweep';
import { sweepFigures } from '../../functions/sweep/handler';
import { stateMachines } from '../../functions/adapters/state-machines';
import { stepHandler } from '../../functions/steps/step';

/** What the functions print, line by line, as CloudWatch Logs would receive it. */
let lines: string[];
beforeEach(() => {
  lines = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'shenbao/test';
  logger.setLogLevel('INFO');
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.SHENBAO_LOG_FORMAT;
});
const json = () => lines.map((line) => JSON.parse(line) as Record<string, any>) as [Record<string, any>, ...Record<string, any>[]];

describe('the logger', () => {
  it('puts the correlation id of the work in hand on every line, and none outside it', async () => {
    await withCorrelationId('req-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside', { taskId: 't1' });
    });
    logger.info('outside');
    const [inside, outside] = json();
    expect(inside).toMatchObject({ level: 'INFO', message: 'inside', taskId: 't1', correlation_id: 'req-1', service: 'shenbao' });
    expect(outside).toMatchObject({ message: 'outside' });
    expect(outside).not.toHaveProperty('correlation_id');
  });

  it('keeps concurrent requests apart', async () => {
    await Promise.all(
      ['a', 'b', 'c'].map((id, i) =>
        withCorrelationId(id, async () => {
          await new Promise((resolve) => setTimeout(resolve, 10 - 3 * i));
          logger.info('done', { id });
        }),
      ),
    );
    for (const line of json()) expect(line.correlation_id).toBe(line.id);
  });

  it('prints readable lines with SHENBAO_LOG_FORMAT=text, warnings and errors included', () => {
    process.env.SHENBAO_LOG_FORMAT = 'text';
    withCorrelationId('req-2', () => logger.warn('left to the reconciler', { intentId: 'start#call#c1' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[shenbao\] left to the reconciler intentId=start#call#c1 \(req-2\)$/);
  });

  it('takes its level from the setting: below it, nothing', () => {
    logger.setLogLevel('WARN');
    logger.info('quiet');
    expect(lines).toEqual([]);
  });
});

describe('the step handlers', () => {
  it('run under the correlation id their execution input carries, and log the step', async () => {
    const handler = stepHandler('CallStep', async () => {
      logger.info('inner');
      return correlationId();
    });
    await expect(handler({ step: 'open', callId: 'c1', executionInput: { callId: 'c1', correlationId: 'req-3' } })).resolves.toBe('req-3');
    expect(json().map((l) => [l.message, l.correlation_id, l.handler, l.step])).toEqual([
      ['step', 'req-3', 'CallStep', 'open'],
      ['inner', 'req-3', undefined, undefined],
    ]);
  });

  it('log a failure with its step and throw it on, for Step Functions to retry or catch', async () => {
    const handler = stepHandler('ProjectStep', async () => {
      throw new Error('table unavailable');
    });
    await expect(handler({ step: 'conclude', declarationId: 'a1', executionInput: { correlationId: 'req-4' } })).rejects.toThrow(
      'table unavailable',
    );
    expect(json().at(-1)).toMatchObject({
      level: 'ERROR',
      message: 'step failed',
      step: 'conclude',
      declarationId: 'a1',
      correlation_id: 'req-4',
      error: { message: 'table unavailable' },
    });
  });

  it('run without a correlation id when an execution was started without one (by hand)', async () => {
    const handler = stepHandler('OpenTask', async () => correlationId());
    await expect(handler({ kind: 'formal_review', executionInput: {} })).resolves.toBeUndefined();
  });

  it('get the execution input from every Lambda state of every workflow', () => {
    for (const machine of stateMachines) {
      const asl = JSON.parse(readFileSync(`workflows/${machine}/${machine}.asl.json`, 'utf8'));
      const tasks = Object.entries<any>(asl.States).filter(([, s]) => s.Type === 'Task');
      expect(tasks.length, machine).toBeGreaterThan(0);
      for (const [name, state] of tasks) {
        const payload = String(state.Resource).includes('lambda:invoke') ? state.Parameters.Payload : state.Parameters;
        expect(payload['executionInput.$'], `${machine}.${name}`).toBe('$$.Execution.Input');
      }
    }
  });
});

describe('executions and intents', () => {
  it('carry the correlation id in their input, keeping one already there', () => {
    expect(carryingCorrelation({ declarationId: 'a1' })).toEqual({ declarationId: 'a1' });
    withCorrelationId('req-5', () => {
      expect(carryingCorrelation({ declarationId: 'a1' })).toEqual({ declarationId: 'a1', correlationId: 'req-5' });
      expect(carryingCorrelation({ correlationId: 'first' })).toEqual({ correlationId: 'first' });
    });
  });
});

describe('the metrics (embedded metric format)', () => {
  it('publish a sweep’s report as one EMF line in the stage’s namespace, counts and the lag in seconds', () => {
    const report = { ...emptyReport(new Date()), reminders: 3, escalations: 1, emails: 2 };
    report.intents = { completed: 4, scheduled: 2, retryLater: 1 };
    publishMetrics(sweepFigures(report, 12.5));
    expect(lines).toHaveLength(1);
    const [emf] = json();
    const [directive] = emf._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('shenbao/test');
    expect(directive.Dimensions).toEqual([['service']]);
    const units = Object.fromEntries(directive.Metrics.map((m: { Name: string; Unit: string }) => [m.Name, m.Unit]));
    expect(units).toMatchObject({ RemindersSent: 'Count', Escalations: 'Count', IntentsReconciled: 'Count', SweepLagSeconds: 'Seconds' });
    expect(emf).toMatchObject({
      RemindersSent: 3,
      Escalations: 1,
      EmailsSent: 2,
      IntentsReconciled: 4,
      IntentsRetryLater: 1,
      SweepLagSeconds: 12.5,
    });
    expect(emf.NotificationsSent).toBe(0);
    expect(typeof emf._aws.Timestamp).toBe('number');
  });

  it('carry a dimension given with the figures, and leave it off the next line', () => {
    publishMetrics({ Decisions: 1 }, { kind: 'formal_review' });
    publishMetrics({ RemindersSent: 1 });
    const [first, second = {}] = json();
    expect(first._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'kind']]);
    expect(first.kind).toBe('formal_review');
    expect(second._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(second).not.toHaveProperty('kind');
  });

  it('leave the lag out when the schedule did not say when the run was due', () => {
    expect(sweepFigures(emptyReport(new Date()))).not.toHaveProperty('SweepLagSeconds');
  });
});
