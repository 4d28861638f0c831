import { seededUsers } from './users';

/** The office's specialty list a fresh install starts with (专业领域), by code. */
export const seededSpecialties = [
  { code: 'elder-education', nameZh: '老年教育', nameEn: 'Education for older people' },
  { code: 'community-governance', nameZh: '社区治理', nameEn: 'Community governance' },
  { code: 'curriculum', nameZh: '课程建设', nameEn: 'Curriculum building' },
  { code: 'finance', nameZh: '财务', nameEn: 'Finance' },
  { code: 'family-education', nameZh: '家庭教育', nameEn: 'Family education' },
  { code: 'digital-literacy', nameZh: '数字素养', nameEn: 'Digital literacy' },
] as const;

/** What the six seeded experts know and their 职称; their district and employer come from local/users.ts. */
const seededExpertFacts: Record<string, { specialties: string[]; title: string }> = {
  'expert-1': { specialties: ['elder-education', 'curriculum'], title: '教授' },
  'expert-2': { specialties: ['community-governance', 'finance'], title: '副教授' },
  'expert-3': { specialties: ['curriculum', 'digital-literacy'], title: '高级讲师' },
  'expert-4': { specialties: ['elder-education', 'family-education'], title: '研究员' },
  'expert-5': { specialties: ['finance', 'community-governance'], title: '高级会计师' },
  'expert-6': { specialties: ['digital-literacy', 'elder-education'], title: '副研究员' },
};

/**
 * The specialty list and the six seeded experts, written only where absent: the office's edits
 * survive a restart. An expert stored before the pool had specialties gets the seeded ones.
 */
export async function seedExpertPool(now: Date): Promise<void> {
  const { isConditionFailure, store } = await import('../functions/adapters/entities');
  const { entities } = store();
  const createdAt = now.toISOString();
  const ignoreExisting = (error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  };
  for (const specialty of seededSpecialties)
    await entities.specialty
      .create({ ...specialty, createdAt })
      .go()
      .catch(ignoreExisting);
  for (const user of seededUsers.filter((u) => u.role === 'expert')) {
    const facts = seededExpertFacts[user.username] ?? { specialties: [], title: '' };
    const { data } = await entities.expert.get({ username: user.username }).go();
    if (data?.specialties) continue;
    await entities.expert
      .put({
        username: user.username,
        displayName: user.displayName ?? user.username,
        districtId: user.districtId!,
        organisationId: user.organisationId!,
        ...facts,
        active: true,
        createdAt: data?.createdAt ?? createdAt,
      })
      .go();
  }
}
