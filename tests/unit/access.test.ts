import { describe, expect, it } from 'vitest';
import { declarationFor, historyFor, tasksFor } from '../../core/access';
import type { Actor } from '../../core/identity';
import { actorOf, checkToken } from '../../functions/api/auth';
import { generateKeyPair, SignJWT } from 'jose';

const admin: Actor = { username: 'admin', role: 'city-admin' };
const applicant: Actor = { username: 'applicant-a1', role: 'applicant', organisationId: 'centre-a1', districtId: 'district-a' };
const district: Actor = { username: 'district-a', role: 'district-reviewer', districtId: 'district-a' };
const expert: Actor = { username: 'expert-2', role: 'expert' };

const declaration = {
  declarationId: 'app_1',
  title: '银龄数字课堂',
  contactName: '王老师',
  contactPhone: '021-5555 0101',
  experts: ['expert-2', 'expert-3'],
};

describe('property-level views', () => {
  it('shows the reviewing experts only to the office, and the contact data to all but experts', () => {
    expect(declarationFor(admin, declaration)).toEqual(declaration);
    for (const who of [applicant, district])
      expect(declarationFor(who, declaration)).toEqual({
        declarationId: 'app_1',
        title: '银龄数字课堂',
        contactName: '王老师',
        contactPhone: '021-5555 0101',
      });
    expect(declarationFor(expert, declaration)).toEqual({ declarationId: 'app_1', title: '银龄数字课堂' });
  });

  it('keeps who did not score out of the combined score everyone but the office reads', () => {
    const scored = { ...declaration, score: { combined: 85, count: 2, missing: ['expert-3'] } };
    expect(declarationFor(admin, scored).score).toEqual(scored.score);
    for (const who of [applicant, district, expert])
      expect(declarationFor(who, scored).score, who.username).toEqual({ combined: 85, count: 2 });
  });

  it('hides others’ scoring tasks from everyone but the office', () => {
    const tasks = [{ kind: 'expert_review' }, { kind: 'expert_score', expert: 'expert-2' }, { kind: 'expert_score', expert: 'expert-3' }];
    expect(tasksFor(admin, tasks)).toHaveLength(3);
    expect(tasksFor(expert, tasks)).toEqual([{ kind: 'expert_review' }, { kind: 'expert_score', expert: 'expert-2' }]);
    expect(tasksFor(applicant, tasks)).toEqual([{ kind: 'expert_review' }]);
  });

  it('keeps experts and objectors unnamed in the history others read, but names the reader’s own steps', () => {
    const events = [
      { actor: 'admin', action: 'experts.assigned', reason: 'expert-2, expert-3' },
      { actor: 'expert-2', action: 'expert.scored' },
      { actor: 'expert-3', action: 'expert.scored' },
      { actor: 'applicant-b1', action: 'objection.filed', reason: '材料不实' },
      { actor: 'admin', action: 'formal_review.return', reason: '请补充' },
      { actor: 'workflow', action: 'expert_review.deadline_reached', reason: 'combined 80 from 1 score(s); not scored by expert-3' },
      { actor: 'workflow', action: 'acceptance.scoring_deadline', reason: 'combined 80 from 1 score(s); not scored by expert-3' },
    ];
    expect(historyFor(admin, events)).toEqual(events);
    expect(historyFor(applicant, events)).toEqual([
      { actor: 'admin', action: 'experts.assigned' },
      { actor: 'expert', action: 'expert.scored' },
      { actor: 'expert', action: 'expert.scored' },
      { actor: 'objector', action: 'objection.filed' },
      { actor: 'admin', action: 'formal_review.return', reason: '请补充' },
      { actor: 'workflow', action: 'expert_review.deadline_reached' },
      { actor: 'workflow', action: 'acceptance.scoring_deadline' },
    ]);
    expect(historyFor(expert, events)[1]).toEqual({ actor: 'expert-2', action: 'expert.scored' });
    expect(historyFor({ username: 'applicant-b1', role: 'applicant' }, events)[3]).toEqual(events[3]);
  });

  it('drops the name written beside an unnamed actor with the actor, and keeps it beside everyone else', () => {
    const events = [
      { actor: 'expert-2', actorName: '评审专家2', action: 'expert.scored', reason: '建议立项' },
      { actor: 'zhang', actorName: '张三', action: 'objection.filed', reason: '材料不实' },
      { actor: 'admin', actorName: '市终身教育办公室', action: 'experts.assigned', reason: 'expert-2' },
      { actor: 'applicant-a1', actorName: 'A区甲街道社区教育中心', action: 'submitted' },
    ];
    expect(historyFor(applicant, events)).toEqual([
      { actor: 'expert', action: 'expert.scored', reason: '建议立项' },
      { actor: 'objector', action: 'objection.filed' },
      { actor: 'admin', actorName: '市终身教育办公室', action: 'experts.assigned' },
      events[3],
    ]);
    expect(historyFor(admin, events)).toEqual(events);
  });
});

describe('Cognito token shapes to actors', () => {
  it('reads the ID token (cognito:username, custom attributes) and the access token (username, groups)', () => {
    expect(
      actorOf({
        token_use: 'id',
        'cognito:groups': ['district-reviewer'],
        'cognito:username': 'district-a',
        'custom:district': 'district-a',
      }),
    ).toEqual({
      username: 'district-a',
      role: 'district-reviewer',
      districtId: 'district-a',
    });
    expect(actorOf({ token_use: 'access', 'cognito:groups': ['city-admin'], username: 'admin', sub: 'a1b2' })).toEqual({
      username: 'admin',
      role: 'city-admin',
    });
  });

  it('refuses a scoped role whose token lacks its scope, as an access token without a pre-token trigger does', () => {
    expect(() => actorOf({ token_use: 'access', 'cognito:groups': ['applicant'], username: 'applicant-a1' })).toThrow(
      /custom:org and custom:district/,
    );
    expect(() => actorOf({ token_use: 'access', 'cognito:groups': ['district-reviewer'], username: 'district-a' })).toThrow(
      /custom:district/,
    );
  });
});

describe('another OIDC provider’s tokens (Keycloak, a government identity platform)', () => {
  const keycloak = { roles: 'groups', username: ['preferred_username', 'sub'], organisation: 'org', district: 'district' };

  it('reads the role, name and scope from the claims the deployment names', () => {
    expect(
      actorOf(
        {
          groups: ['/staff', 'applicant'],
          preferred_username: 'jia-centre',
          org: 'centre-a1',
          district: 'district-a',
          name: '甲街道社区教育中心',
        },
        keycloak,
      ),
    ).toEqual({
      username: 'jia-centre',
      role: 'applicant',
      organisationId: 'centre-a1',
      districtId: 'district-a',
      displayName: '甲街道社区教育中心',
    });
    expect(actorOf({ groups: 'city-admin', sub: 'f81d4fae' }, keycloak)).toEqual({ username: 'f81d4fae', role: 'city-admin' });
    expect(() =>
      actorOf({ groups: ['applicant'], preferred_username: 'x', 'custom:org': 'centre-a1', 'custom:district': 'district-a' }, keycloak),
    ).toThrow(/org and district/);
    expect(() => actorOf({ 'cognito:groups': ['city-admin'], preferred_username: 'x' }, keycloak)).toThrow(/no shenbao role/);
  });

  it('accepts its access token for our client by `azp` when `aud` names another resource', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const now = new Date('2027-03-01T00:00:00Z');
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer('https://idp.example/realms/city')
        .setIssuedAt(now)
        .setExpirationTime(new Date(now.getTime() + 3_600_000))
        .sign(privateKey);
    const rules = { keys: async () => publicKey, issuer: 'https://idp.example/realms/city', audiences: ['shenbao'], now };
    await expect(checkToken(await sign({ aud: 'account', azp: 'shenbao' }), rules)).resolves.toMatchObject({ azp: 'shenbao' });
    await expect(checkToken(await sign({ aud: 'account', azp: 'other-app' }), rules)).rejects.toThrow(/not issued for this application/);
    // A Cognito-shaped token still needs its client where Cognito puts it.
    await expect(checkToken(await sign({ token_use: 'access', client_id: 'other', azp: 'shenbao' }), rules)).rejects.toThrow(
      /not issued for this application/,
    );
  });
});
