import { describe, expect, it } from 'vitest';
import {
  LOCAL_WAIT_RESOURCE,
  readPath,
  resumeDefinition,
  rewriteForInterpreter,
  type MachineDefinition,
} from '../../local/sfn/definitions';

const machine: MachineDefinition = {
  StartAt: 'Review',
  States: {
    Review: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'f', Payload: { 'token.$': '$$.Task.Token' } },
      TimeoutSecondsPath: '$.timeout',
      Next: 'Notice',
    },
    Notice: { Type: 'Wait', Seconds: 604800, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

describe('the rewrite for the local interpreter', () => {
  const { definition, owned } = rewriteForInterpreter(machine);

  it('takes task timeouts away from the interpreter, to be enforced on the movable clock', () => {
    expect(owned.Review).toMatchObject({ waitForTaskToken: true, timeoutSecondsPath: '$.timeout', hadParameters: true });
    expect(definition.States.Review).not.toHaveProperty('TimeoutSecondsPath');
    expect(definition.States.Review!.TimeoutSeconds).toBeGreaterThan((365 * 86400) / 20);
    expect(definition.States.Review!.Parameters).toEqual({ '__raw.$': '$', __params: machine.States.Review!.Parameters });
  });

  it('turns a Wait into a parked task on a local resource, keeping its transition', () => {
    expect(definition.States.Notice).toMatchObject({ Type: 'Task', Resource: LOCAL_WAIT_RESOURCE, Next: 'Done' });
    expect(owned.Notice!.wait).toEqual({ Seconds: 604800 });
    expect(definition.States.Done).toEqual({ Type: 'Succeed' });
  });

  it('refuses InputPath on a task, which a resumed execution would apply twice', () => {
    const withInputPath: MachineDefinition = { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'x', InputPath: '$.a', End: true } } };
    expect(() => rewriteForInterpreter(withInputPath)).toThrow(/InputPath/);
  });

  it('resumes at the state an execution waited in', () => {
    expect(resumeDefinition(definition, 'Notice').StartAt).toBe('Notice');
    expect(() => resumeDefinition(definition, 'Nowhere')).toThrow();
  });

  it('reads the simple paths the definitions use for timeouts and waits', () => {
    const doc = { decision: { revisionTimeoutSeconds: 3600, list: [{ at: 'x' }] } };
    expect(readPath(doc, '$.decision.revisionTimeoutSeconds')).toBe(3600);
    expect(readPath(doc, '$.decision.list[0].at')).toBe('x');
    expect(readPath(doc, '$.missing.deeper')).toBeUndefined();
    expect(() => readPath(doc, 'decision')).toThrow();
  });
});
