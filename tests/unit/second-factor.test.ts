import { describe, expect, it } from 'vitest';
import { roles, secondFactorRoles, signedInWithEnoughFactors } from '../../core/identity';

describe('the second factor the city office and the districts sign in with', () => {
  it('is asked of city-admin and district-reviewer accounts only', () => {
    expect(secondFactorRoles).toEqual(['city-admin', 'district-reviewer']);
    for (const role of roles) expect(signedInWithEnoughFactors(role, ['pwd']), role).toBe(!secondFactorRoles.includes(role));
  });

  it('is read from RFC 8176’s mfa among the methods the token names; anything else is no second factor', () => {
    expect(signedInWithEnoughFactors('city-admin', ['pwd', 'otp', 'mfa'])).toBe(true);
    for (const amr of [undefined, null, 'mfa', ['pwd', 'otp'], [], { mfa: true }]) {
      expect(signedInWithEnoughFactors('city-admin', amr), JSON.stringify(amr)).toBe(false);
    }
  });

  it('follows the configured roles (MFA_ROLES), none at all included', () => {
    expect(signedInWithEnoughFactors('expert', ['pwd'], ['expert'])).toBe(false);
    expect(signedInWithEnoughFactors('city-admin', undefined, [])).toBe(true);
  });
});
