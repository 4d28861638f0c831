import { describe, expect, it } from 'vitest';
import { fileRuntime, late } from '../support/runtime';
import { selection } from '../support/selection';

const runtime = fileRuntime();
const s = late(() => selection(runtime));

describe('a district with no places in the call (cap 0)', () => {
  it('refuses its first recommendation too, writes nothing, and may still decline', async () => {
    const call = await s.createCall('elder-empowerment', { districtCaps: { 'district-a': 0 } });
    const id = await s.declare('applicant-a1', call.callId, 'elder-empowerment', '甲街道数字课堂');
    const refused = await s.recommend('district-a', id, 1);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('district district-a may recommend no declarations in this call');
    expect(refused.body.current).toEqual({ cap: 0 });
    const admin = s.api.as('admin');
    expect((await admin.get(`/declarations/${id}`)).body.stage).toBe('district_review');
    const task = await s.openTask('district-a', id, 'district_recommendation');
    expect(task.status).toBe('open');
    const declined = await s.api
      .as('district-a')
      .post(`/tasks/${task.taskId}/decision`, { outcome: 'decline', comment: '本批次无推荐名额' });
    expect(declined.status).toBe(200);
  });
});
