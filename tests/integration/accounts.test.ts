import { describe, expect, it } from 'vitest';
import { PageClient } from '../support/pages';
import { fileRuntime, late } from '../support/runtime';
import { slice } from '../support/slice';

const runtime = fileRuntime({ sweepIntervalMs: 0 });
const s = late(() => slice(runtime));
// One client, so the token expert-2 signed in with before being disabled is the one tried after.
const api = late(() => s.api);

const newApplicant = {
  username: 'wang-a1',
  role: 'applicant',
  organisationId: 'centre-a1',
  displayName: '王老师',
  email: 'wang@example.org',
  mobile: '138 0000 0099',
};

describe('accounts over HTTP, with the local identity provider', () => {
  it('the office creates an applicant who signs in and sees their organisation’s declarations, and nobody else’s', async () => {
    const callId = await s.openCall();
    const ours = await api.as('applicant-a1').post(`/calls/${callId}/declarations`, { title: '甲街道的申报' });
    const theirs = await api.as('applicant-b1').post(`/calls/${callId}/declarations`, { title: '丙街道的申报' });
    expect([ours.status, theirs.status]).toEqual([201, 201]);

    const created = await api.as('admin').post('/people', newApplicant);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.person).toMatchObject({
      username: 'wang-a1',
      role: 'applicant',
      organisationId: 'centre-a1',
      districtId: 'district-a',
      status: 'active',
      version: 1,
    });
    expect(created.body.account).toEqual({ provider: 'local', invitationSent: false });

    const token = await api.request('POST', '/dev/token', { body: { username: 'wang-a1' } });
    expect(token.status).toBe(200);
    const listed = await api.as('wang-a1').get(`/declarations?callId=${callId}&limit=50`);
    expect(listed.status).toBe(200);
    const ids = (listed.body.items as any[]).map((d) => d.declarationId);
    expect(ids).toContain(ours.body.declarationId);
    expect(ids).not.toContain(theirs.body.declarationId);

    const again = await api.as('admin').post('/people', newApplicant);
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');

    const history = await api.as('admin').get('/people/wang-a1/history');
    expect(history.body.items.map((e: any) => [e.declarationId, e.actor, e.action])).toEqual([
      ['person:wang-a1', 'admin', 'person.created'],
    ]);
  });

  it('lists people by organisation and by role with keyed queries, a district seeing only its own applicants', async () => {
    const byOrg = await api.as('admin').get('/people?organisationId=centre-a1');
    expect(byOrg.body.items.map((p: any) => p.username).sort()).toEqual(['applicant-a1', 'wang-a1']);
    const byRole = await api.as('district-b').get('/people?role=applicant');
    expect(byRole.body.items.map((p: any) => p.username)).toEqual(['applicant-b1']);
    const neither = await api.as('admin').get('/people');
    expect(neither.status).toBe(422);
    expect(neither.body.errors.map((e: any) => e.field)).toEqual(['query.organisationId']);
  });

  it('a district bureau creates its own centres’ applicants; another district’s centre is not found, another role forbidden', async () => {
    const own = await api.as('district-a').post('/people', { ...newApplicant, username: 'li-a2', organisationId: 'centre-a2' });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const elsewhere = await api.as('district-a').post('/people', { ...newApplicant, username: 'zhao-b1', organisationId: 'centre-b1' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.contentType).toContain('application/problem+json');
    const reviewer = await api
      .as('district-a')
      .post('/people', { ...newApplicant, username: 'qian-a', role: 'district-reviewer', organisationId: 'district-a' });
    expect(reviewer.status).toBe(403);
    expect((await api.as('admin').get('/people/zhao-b1')).status).toBe(404);
  });

  it('bad input is problem+json naming the field', async () => {
    const bad = await api.as('admin').post('/people', { ...newApplicant, username: 'x@y.org', email: 'not-mail', mobile: '123' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['body.email', 'body.mobile', 'body.username']);
    const unknownOrg = await api.as('admin').post('/people', { ...newApplicant, username: 'sun-x', organisationId: 'centre-z9' });
    expect(unknownOrg.status).toBe(422);
    expect(unknownOrg.body.errors).toEqual([{ field: 'body.organisationId', message: 'no organisation centre-z9' }]);
    const wrongLevel = await api.as('admin').post('/people', { ...newApplicant, username: 'sun-x', organisationId: 'district-a' });
    expect(wrongLevel.body.errors.map((e: any) => e.field)).toEqual(['body.role']);
    const wrongDistrict = await api.as('admin').post('/people', { ...newApplicant, username: 'sun-x', districtId: 'district-b' });
    expect(wrongDistrict.body.errors.map((e: any) => e.field)).toEqual(['body.districtId']);
  });

  it('a person changes their own profile but not their scope: 403, and the attempt is in their account history', async () => {
    const renamed = await api.as('wang-a1').patch('/people/wang-a1', { displayName: '王晓明', locale: 'en' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ displayName: '王晓明', locale: 'en', version: 2 });

    const widened = await api.as('wang-a1').patch('/people/wang-a1', { role: 'city-admin', organisationId: 'city' });
    expect(widened.status).toBe(403);
    expect(widened.contentType).toContain('application/problem+json');
    const person = (await api.as('admin').get('/people/wang-a1')).body;
    expect(person).toMatchObject({ role: 'applicant', organisationId: 'centre-a1', version: 2 });
    const history = (await api.as('admin').get('/people/wang-a1/history')).body.items as any[];
    expect(history.at(-1)).toMatchObject({
      actor: 'wang-a1',
      action: 'person.scope_refused',
      reason: 'role: applicant → city-admin; organisationId: centre-a1 → city',
    });
    // Naming no organisation widens nothing: bad input at the field, nothing written.
    const nowhere = await api.as('wang-a1').patch('/people/wang-a1', { organisationId: 'centre-z9' });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.errors.map((e: any) => e.field)).toEqual(['body.organisationId']);
    expect(((await api.as('admin').get('/people/wang-a1/history')).body.items as any[]).length).toBe(history.length);
    // Another's profile is not theirs to change, even for the office.
    expect((await api.as('admin').patch('/people/wang-a1', { displayName: '改名' })).status).toBe(403);
  });

  it('disabling lists the open tasks for reassignment, closes none, and refuses the still-valid token at once', async () => {
    const id = await s.submittedDeclaration('applicant-a1');
    const review = await s.openTask('admin', id, 'formal_review');
    expect((await api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'approve' })).status).toBe(200);
    await s.openTask('admin', id, 'expert_assignment');
    expect((await api.as('admin').post(`/declarations/${id}/experts`, { experts: ['expert-2'] })).status).toBe(200);
    await s.acceptInvitations(id, ['expert-2']);
    const scoring = await s.openTask('expert-2', id, 'expert_score');

    const disabled = await api.as('admin').post('/people/expert-2/disable');
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body.person.status).toBe('disabled');
    expect(disabled.body.openTasks).toEqual([expect.objectContaining({ taskId: scoring.taskId, kind: 'expert_score', declarationId: id })]);
    // Still open: nothing was closed on their behalf.
    const tasks = (await api.as('admin').get(`/declarations/${id}`)).body.openTasks as any[];
    expect(tasks.map((t) => t.taskId)).toContain(scoring.taskId);

    // The token expert-2 already holds is refused, and no new one is issued.
    const refused = await api.as('expert-2').get('/tasks');
    expect(refused.status).toBe(401);
    expect(refused.contentType).toContain('application/problem+json');
    expect((await api.request('POST', '/dev/token', { body: { username: 'expert-2' } })).status).toBe(403);
    const page = await fetch(`${runtime.url}/ui/inbox`, {
      headers: { cookie: `shenbao_session=${await api.token('expert-2')}` },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);

    const enabled = await api.as('admin').post('/people/expert-2/enable');
    expect(enabled.body.person.status).toBe('active');
    expect((await api.as('expert-2').get('/tasks')).status).toBe(200);
    const actions = ((await api.as('admin').get('/people/expert-2/history')).body.items as any[]).map((e) => e.action);
    expect(actions).toEqual(['person.disabled', 'person.enabled']);

    // Nobody disables themselves.
    expect((await api.as('admin').post('/people/admin/disable')).status).toBe(403);
  });
});

describe('the office’s people pages', () => {
  it('creates a person by the form, each refusal in Chinese at its field, and shows the person’s page', async () => {
    const office = await PageClient.signIn(runtime.url, 'admin');
    const home = await office.get('/ui/office');
    expect(home.html).toContain('href="/ui/office/people"');

    const refused = await office.post('/ui/office/people', {
      username: 'a@b.org',
      role: 'applicant',
      organisationId: 'centre-b1',
      displayName: '周老师',
      email: 'zhou',
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toMatch(/<p class="error" id="f-username-error" data-field="username">格式不正确<\/p>/);
    expect(refused.html).toMatch(
      /<p class="error" id="f-email-error" data-field="email">请填写正确的电子邮箱地址，如 office@example.org<\/p>/,
    );
    const wrongLevel = await office.post('/ui/office/people', {
      username: 'zhou-b1',
      role: 'applicant',
      organisationId: 'district-b',
      displayName: '周老师',
      email: 'zhou@example.org',
    });
    expect(wrongLevel.status).toBe(422);
    expect(wrongLevel.html).toContain('这个角色不能属于该单位');

    const created = await office.post('/ui/office/people', {
      username: 'zhou-b1',
      role: 'applicant',
      organisationId: 'centre-b1',
      displayName: '周老师',
      email: 'zhou@example.org',
    });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/ui/office/people/zhou-b1');
    const page = await office.get('/ui/office/people/zhou-b1');
    expect(page.html).toContain('周老师（zhou-b1）');
    expect(page.html).toContain('申报单位');
    expect(page.html).toContain('data-status="active"');
    expect(page.html).toContain('创建账号');

    const list = await office.get('/ui/office/people?organisationId=centre-b1');
    expect(list.html).toContain('href="/ui/office/people/zhou-b1"');
    expect(list.html).toContain('href="/ui/office/people/applicant-b1"');
    expect(list.html).not.toContain('href="/ui/office/people/applicant-a1"');

    const disabled = await office.post('/ui/office/people/zhou-b1/disable', {});
    expect(disabled.status).toBe(303);
    expect((await office.get('/ui/office/people/zhou-b1')).html).toContain('data-status="disabled"');
    // The person can no longer sign in at the local sign-in page.
    const signIn = await new PageClient(runtime.url).post('/ui/signin', { other: 'zhou-b1' });
    expect(signIn.location).toBe('/ui/signin');
  });
});
