import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canSeeDeclaration } from '../../core/access';
import { ConflictError, ValidationError } from '../../core/errors';
import { httpOf } from '../../functions/api/error-map';
import { actsFor, assigneeKeysOf, type Actor } from '../../core/identity';
import { newId } from '../../core/ids';
import { assertEditable, formalReviewOutcomes, isEditable, stageAfterFormalReview, stages } from '../../core/stages';

const applicant: Actor = { username: 'applicant-a1', role: 'applicant', organisationId: 'centre-a1', districtId: 'district-a' };
const declaration = { organisationId: 'centre-a1', districtId: 'district-a' };

describe('stages', () => {
  it('moves a formal review outcome to its stage', () => {
    expect(formalReviewOutcomes.map(stageAfterFormalReview)).toEqual(['expert_assignment', 'revision', 'rejected']);
  });

  it('lets only drafts and returned declarations be edited, refusing the rest with a conflict', () => {
    expect(stages.filter(isEditable)).toEqual(['draft', 'revision']);
    expect(() => assertEditable('formal_review')).toThrow(ConflictError);
    expect(() => assertEditable('draft')).not.toThrow();
  });
});

describe('who may see and act', () => {
  it('shows a declaration to its organisation, its district and the city office only', () => {
    expect(canSeeDeclaration(applicant, declaration)).toBe(true);
    expect(canSeeDeclaration({ ...applicant, organisationId: 'centre-a2' }, declaration)).toBe(false);
    expect(canSeeDeclaration({ username: 'district-a', role: 'district-reviewer', districtId: 'district-a' }, declaration)).toBe(true);
    expect(canSeeDeclaration({ username: 'district-b', role: 'district-reviewer', districtId: 'district-b' }, declaration)).toBe(false);
    expect(canSeeDeclaration({ username: 'admin', role: 'city-admin' }, declaration)).toBe(true);
    expect(canSeeDeclaration({ username: 'expert-1', role: 'expert', districtId: 'district-a' }, declaration)).toBe(false);
  });

  it('lets an actor act for their own user key and the groups they belong to, nobody else’s', () => {
    expect(assigneeKeysOf(applicant)).toEqual(['user:applicant-a1', 'org:centre-a1']);
    expect(actsFor(applicant, 'org:centre-a1')).toBe(true);
    expect(actsFor(applicant, 'org:centre-a2')).toBe(false);
    expect(actsFor(applicant, 'role:city-admin')).toBe(false);
    expect(actsFor({ username: 'admin', role: 'city-admin' }, 'role:city-admin')).toBe(true);
  });
});

describe('ids', () => {
  it('sort by creation, even many within one millisecond', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }), { minLength: 2, maxLength: 50 }), (times) => {
        const sorted = [...times].sort((a, b) => a - b);
        const ids = sorted.map((t) => newId('x', t));
        expect([...ids].sort()).toEqual(ids);
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
    const sameMs = Array.from({ length: 100 }, () => newId('app', 1_800_000_000_000));
    expect([...sameMs].sort()).toEqual(sameMs);
  });
});

describe('errors', () => {
  it('carry the fields they name and their cause', () => {
    const cause = new Error('underlying');
    const error = new ValidationError([{ field: 'body.title', message: 'required' }], { cause });
    expect(httpOf(error).status).toBe(422);
    expect(error.message).toBe('body.title: required');
    expect(httpOf(error).extensions).toEqual({ errors: [{ field: 'body.title', message: 'required' }] });
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('ValidationError');
  });
});
