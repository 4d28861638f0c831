import { describe, expect, it } from 'vitest';
import { acceptanceOutcomes, midtermOutcomes } from '../../core/projects';
import { stageAfterAcceptance } from '../../core/decisions/acceptance-decision';
import {
  districtCapRefusal,
  districtOfAssignee,
  isCapRefusal,
  recommendationRule,
  refusalBeforeWriting,
} from '../../core/decisions/district-recommendation';
import { decisionOf, membersNotTaken } from '../../core/decisions/members';
import { stageAfterMidtermReview } from '../../core/decisions/midterm-review';
import { kpiSummary } from '../../core/decisions/project-report';
import type { ValidationError } from '../../core/errors';
import { seededKind } from '../../local/kind-seeds';
import { decisionInput } from '../../core/schemas';
import { taskKinds } from '../../core/stages';
import { deciders } from '../../functions/deciders';

describe('the district cap', () => {
  it('refuses a recommendation of a district with no places before anything is written, and nothing else', () => {
    expect(refusalBeforeWriting('recommend', 'district-a', 0)?.message).toBe(
      'district district-a may recommend no declarations in this call',
    );
    expect(refusalBeforeWriting('decline', 'district-a', 0)).toBeUndefined();
    expect(refusalBeforeWriting('recommend', 'district-a', 1)).toBeUndefined();
  });

  it('reads the district from the task’s assignee', () => {
    expect(districtOfAssignee('district:district-a')).toBe('district-a');
  });

  it('blames the cap when the district has none, or when the task is still open after the refusal', () => {
    expect(isCapRefusal(0, false)).toBe(true);
    expect(isCapRefusal(3, true)).toBe(true);
    // The task was decided meanwhile: the race, not the cap, refused it.
    expect(isCapRefusal(3, false)).toBe(false);
  });

  it('tells a district with no places and a district whose places are taken apart', () => {
    const none = districtCapRefusal('district-a', 0, 0);
    expect(none.message).toBe('district district-a may recommend no declarations in this call');
    expect(none.current).toEqual({ cap: 0 });
    expect(none.coded).toEqual({ code: 'district-cap-none', params: {} });
    const reached = districtCapRefusal('district-b', 2, 2);
    expect(reached.message).toBe('district district-b has reached its cap of 2 recommendations in this call');
    expect(reached.current).toEqual({ cap: 2, recommended: 2 });
    expect(reached.coded).toEqual({ code: 'district-cap-reached', params: { cap: 2 } });
  });
});

describe('members a kind does not take', () => {
  it('refuses each at its own field, in the order sent, before what the rule refuses', () => {
    const input = { kpiActuals: { a: 1 }, outcome: 'decline' as const, scores: { plan: 1 } };
    expect(membersNotTaken('district_recommendation', input, ['outcome', 'rank', 'comment']).map((p) => p.field)).toEqual([
      'body.kpiActuals',
      'body.scores',
    ]);
    try {
      decisionOf('district_recommendation', input, ['outcome', 'rank', 'comment'], recommendationRule(input));
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).errors.map((e) => e.field)).toEqual(['body.kpiActuals', 'body.scores', 'body.comment']);
    }
  });

  it('lets a members-only body through to the rule’s decision', () => {
    const input = { outcome: 'recommend' as const, rank: 2 };
    expect(decisionOf('district_recommendation', input, ['outcome', 'rank', 'comment'], recommendationRule(input))).toEqual({
      kind: 'district_recommendation',
      outcome: 'recommend',
      rank: 2,
      comment: undefined,
    });
  });
});

describe('stages after a project decision', () => {
  it('moves a mid-term outcome to its stage', () => {
    expect(midtermOutcomes.map(stageAfterMidtermReview)).toEqual(['construction', 'midterm_rectification', 'terminated']);
  });

  it('moves an acceptance result to its stage', () => {
    expect(acceptanceOutcomes.map(stageAfterAcceptance)).toEqual(['accepted', 'accepted', 'acceptance_rectification', 'acceptance_failed']);
  });
});

describe('a report’s KPI account', () => {
  const targets = seededKind('elder-empowerment').kpiTargets;
  it('counts the targets met, and names each shortfall with its unit', () => {
    expect(kpiSummary(targets, { classHours: 24, elderShare: 12, smartTraining: 5200, placesSupplied: 520 })).toBe('KPI 4/4 达标');
    expect(kpiSummary(targets, { classHours: 12, elderShare: 11, smartTraining: 2600, placesSupplied: 300 })).toBe(
      'KPI 1/4 达标；未达标：每班年学时 差 8学时，智能技术培训 差 2400人次/年，老年教育学位供给 差 200个/年',
    );
  });
});

describe('the registry of deciders', () => {
  it('has an entry for every task kind, each decider under its own kind', () => {
    expect(Object.keys(deciders).sort()).toEqual([...taskKinds].sort());
    for (const [kind, entry] of Object.entries(deciders)) if ('kind' in entry) expect(entry.kind).toBe(kind);
  });

  it('gives each decider a body of members of the one documented decision shape', () => {
    const documented = Object.keys(decisionInput.shape);
    for (const entry of Object.values(deciders)) {
      if (!('input' in entry)) continue;
      const members = Object.keys(entry.input.shape);
      expect(members.length).toBeGreaterThan(0);
      for (const member of members) {
        expect(documented).toContain(member);
        // The same schema object, so a kind's bounds are the documented ones.
        expect(entry.input.shape[member]).toBe(decisionInput.shape[member as keyof typeof decisionInput.shape]);
      }
    }
  });

  it('points the kinds decided elsewhere to their request, and leaves the workflow’s own to nobody', () => {
    const elsewhere = Object.entries(deciders).filter(([, e]) => 'decidedElsewhere' in e);
    expect(elsewhere.map(([k]) => k).sort()).toEqual([
      'acceptance_assignment',
      'expert_assignment',
      'objections',
      'revision',
      'shortlist',
      'tranche_payment',
    ]);
    const held = Object.entries(deciders).filter(([, e]) => 'heldByWorkflow' in e);
    expect(held.map(([k]) => k).sort()).toEqual(['acceptance_review', 'call_outcome', 'expert_confirmation', 'expert_review']);
  });
});
