import { homeOrganisationOf } from '../core/accounts';
import type { Actor } from '../core/identity';
import type { Locale } from '../core/messages';

/**
 * The people a fresh local install knows, as DESIGN.md names them: the city office, two district
 * reviewers, six experts over districts a, b and c, and three declaring centres.
 */
export const seededUsers: Actor[] = [
  { username: 'admin', role: 'city-admin', displayName: '市终身教育办公室' },
  { username: 'district-a', role: 'district-reviewer', districtId: 'district-a', displayName: 'A区社区教育主管部门' },
  { username: 'district-b', role: 'district-reviewer', districtId: 'district-b', displayName: 'B区社区教育主管部门' },
  ...[1, 2, 3, 4, 5, 6].map(
    (n): Actor => ({
      username: `expert-${n}`,
      role: 'expert',
      districtId: `district-${'abc'[(n - 1) % 3]}`,
      organisationId: `expert-org-${n}`,
      displayName: `评审专家${n}`,
    }),
  ),
  {
    username: 'applicant-a1',
    role: 'applicant',
    districtId: 'district-a',
    organisationId: 'centre-a1',
    displayName: 'A区甲街道社区教育中心',
  },
  {
    username: 'applicant-a2',
    role: 'applicant',
    districtId: 'district-a',
    organisationId: 'centre-a2',
    displayName: 'A区乙镇社区教育中心',
  },
  {
    username: 'applicant-b1',
    role: 'applicant',
    districtId: 'district-b',
    organisationId: 'centre-b1',
    displayName: 'B区丙街道社区教育中心',
  },
];

/** Who prefers English; everyone else reads zh-CN. */
const englishReaders = new Set(['expert-2', 'applicant-b1']);

/**
 * Test mobiles (138 0000 00xx is no one's) for some: deadline reminders reach them by SMS too. The
 * others, district-b among them, have given none and get email and the in-app notice only.
 */
const mobiles: Record<string, string> = {
  admin: '138 0000 0001',
  'district-a': '138 0000 0002',
  'expert-1': '138 0000 0003',
  'applicant-a1': '138 0000 0004',
};

/**
 * The directory entry the notifier addresses and the local identity provider signs in: the group a
 * task for this person names, an email, a mobile, a language, an active account in its organisation.
 */
export function directoryEntryOf(user: Actor): {
  username: string;
  role: Actor['role'];
  displayName?: string;
  email: string;
  mobile?: string;
  locale: Locale;
  group: string;
  status: 'active';
  organisationId?: string;
  districtId?: string;
} {
  const group =
    user.role === 'city-admin'
      ? 'role:city-admin'
      : user.role === 'district-reviewer'
        ? `district:${user.districtId}`
        : user.role === 'applicant'
          ? `org:${user.organisationId}`
          : `user:${user.username}`;
  return {
    username: user.username,
    role: user.role,
    ...(user.displayName ? { displayName: user.displayName } : {}),
    email: `${user.username}@example.org`,
    ...(mobiles[user.username] ? { mobile: mobiles[user.username] } : {}),
    locale: englishReaders.has(user.username) ? 'en' : 'zh-CN',
    group,
    status: 'active',
    ...(homeOrganisationOf(user) ? { organisationId: homeOrganisationOf(user)! } : {}),
    ...(user.districtId ? { districtId: user.districtId } : {}),
  };
}

export function seededUser(username: string): Actor | undefined {
  return seededUsers.find((user) => user.username === username);
}
