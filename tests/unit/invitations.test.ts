import { describe, expect, it } from 'vitest';
import { invitationRule } from '../../core/decisions/expert-invitation';
import { invitationRound, invitationStatus, isOpenInvitee, roundOutcome, secondsUntil } from '../../core/invitations';
import { canSeeDeclaration, declarationFor } from '../../core/access';

describe('an invited expert’s answer', () => {
  it('accepts, or declines only with a reason (trimmed)', () => {
    expect(invitationRule({ outcome: 'accept' })).toEqual({ decision: { outcome: 'accept', reason: undefined }, problems: [] });
    expect(invitationRule({ outcome: 'decline', reason: '  出差  ' }).decision).toEqual({ outcome: 'decline', reason: '出差' });
    expect(invitationRule({ outcome: 'decline', reason: '   ' }).problems.map((p) => [p.field, p.code])).toEqual([
      ['body.reason', 'decline-reason-required'],
    ]);
    expect(invitationRule({ outcome: 'approve' }).problems.map((p) => p.field)).toEqual(['body.outcome']);
    expect(invitationRule({}).problems.map((p) => p.code)).toEqual(['outcome-required']);
  });
});

describe('a round of invitations', () => {
  const record = { expertsWanted: 3, invitedExperts: ['a', 'b', 'c', 'd'], acceptedExperts: ['b'], closedInvitations: ['a'] };

  it('is open for whoever was asked and has neither answered nor timed out', () => {
    expect(invitationRound(record)).toEqual({ wanted: 3, invited: ['a', 'b', 'c', 'd'], accepted: ['b'], open: ['c', 'd'] });
    expect(['a', 'b', 'c', 'x'].map((e) => isOpenInvitee(record, e))).toEqual([false, false, true, false]);
  });

  it('waits while anyone may still answer, is enough at the number wanted, and exhausted when nobody is left to answer', () => {
    expect(roundOutcome(invitationRound(record))).toBe('waiting');
    expect(roundOutcome(invitationRound({ ...record, acceptedExperts: ['b', 'c', 'd'] }))).toBe('enough');
    expect(roundOutcome(invitationRound({ ...record, closedInvitations: ['a', 'c', 'd'] }))).toBe('exhausted');
    expect(roundOutcome(invitationRound({}))).toBe('exhausted');
  });

  it('counts the state’s timeout in whole seconds, at least one', () => {
    const now = new Date('2026-12-03T00:00:00Z');
    expect(secondsUntil(new Date('2026-12-03T00:00:01.200Z'), now)).toBe(2);
    expect(secondsUntil(new Date('2026-12-02T00:00:00Z'), now)).toBe(1);
  });

  it('names each invitation’s standing from its task', () => {
    expect(invitationStatus({ status: 'open' })).toBe('invited');
    expect(invitationStatus({ status: 'decided', decision: { outcome: 'accept' } })).toBe('accepted');
    expect(invitationStatus({ status: 'decided', decision: { outcome: 'decline', reason: 'x' } })).toBe('declined');
    expect(invitationStatus({ status: 'closed', decision: { outcome: 'timeout' } })).toBe('timed_out');
    expect(invitationStatus({ status: 'closed' })).toBe('withdrawn');
  });
});

describe('who sees an invitation', () => {
  const declaration = {
    organisationId: 'centre-a1',
    districtId: 'district-a',
    experts: [],
    invitedExperts: ['expert-2', 'expert-3'],
    closedInvitations: ['expert-3'],
  };

  it('an invited expert reads the declaration while the invitation is open, not after declining', () => {
    expect(canSeeDeclaration({ username: 'expert-2', role: 'expert' }, declaration)).toBe(true);
    expect(canSeeDeclaration({ username: 'expert-3', role: 'expert' }, declaration)).toBe(false);
  });

  it('only the office sees who was asked', () => {
    const seen = declarationFor({ username: 'applicant-a1', role: 'applicant' }, { ...declaration, expertsWanted: 3, acceptedExperts: [] });
    expect(Object.keys(seen).sort()).toEqual(['districtId', 'organisationId']);
  });
});
