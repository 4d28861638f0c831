import { describe, expect, it } from 'vitest';
import { hasCallOpened, isOpenForSubmission } from '../../core/calls';
import { assigneeKeysOf, isWorkflowTask, WORKFLOW_ACTOR, workflowActor, workflowAssignee } from '../../core/identity';
import { isReminded } from '../../core/reminders';

const call = { opensAt: '2026-09-01T00:00:00.000Z', closesAt: '2026-10-01T00:00:00.000Z' };
const at = (iso: string) => new Date(iso);

describe('the call has opened', () => {
  it('from the very instant of its opening on, and not a millisecond before', () => {
    expect(hasCallOpened(call, at('2026-08-31T23:59:59.999Z'))).toBe(false);
    expect(hasCallOpened(call, at('2026-09-01T00:00:00.000Z'))).toBe(true);
    expect(hasCallOpened(call, at('2026-12-01T00:00:00.000Z'))).toBe(true);
  });

  it('takes submissions from its opening to its closing, both included', () => {
    expect(isOpenForSubmission(call, at('2026-08-31T23:59:59.999Z'))).toBe(false);
    expect(isOpenForSubmission(call, at('2026-09-01T00:00:00.000Z'))).toBe(true);
    expect(isOpenForSubmission(call, at('2026-10-01T00:00:00.000Z'))).toBe(true);
    expect(isOpenForSubmission(call, at('2026-10-01T00:00:00.001Z'))).toBe(false);
  });
});

describe("a person's task and the workflow's", () => {
  it("tells the workflow's keys from every key a person acts under", () => {
    expect(isWorkflowTask(workflowAssignee('expert-review'))).toBe(true);
    expect(workflowAssignee('call-outcome')).toBe('workflow:call-outcome');
    const people = assigneeKeysOf({ username: 'u1', role: 'district-reviewer', districtId: 'd1' });
    expect([...people, 'role:city-admin', 'org:o1'].some(isWorkflowTask)).toBe(false);
    // Nobody is reminded of what the workflow holds.
    expect(isReminded('workflow:expert-review')).toBe(false);
    expect(isReminded('district:d1')).toBe(true);
  });

  it('names the workflow as the actor by one name, the one the record has always held', () => {
    expect(WORKFLOW_ACTOR).toBe('workflow');
    expect(workflowActor).toEqual({ username: WORKFLOW_ACTOR });
  });
});
