/**
 * Project kinds are configuration, not code (DOMAIN.md): each preset is the default a call of
 * that kind starts from, and the city admin may adjust a call before it opens.
 */
export const projectKinds = ['elder-empowerment', 'community-brand', 'demonstration-centre'] as const;
export type ProjectKind = (typeof projectKinds)[number];

export interface KindPreset {
  kind: ProjectKind;
  nameZh: string;
  nameEn: string;
  /** Working days for each human stage of the selection. */
  deadlines: { formalReview: number; correction: number };
  constructionMonths: number;
  quota: number;
}

export const kindPresets: Record<ProjectKind, KindPreset> = {
  'elder-empowerment': {
    kind: 'elder-empowerment',
    nameZh: '老年教育赋能项目',
    nameEn: 'Elder-education empowerment project',
    deadlines: { formalReview: 10, correction: 5 },
    constructionMonths: 12,
    quota: 20,
  },
  'community-brand': {
    kind: 'community-brand',
    nameZh: '社区教育特色品牌项目',
    nameEn: 'Community-education brand project',
    deadlines: { formalReview: 10, correction: 5 },
    constructionMonths: 24,
    quota: 15,
  },
  'demonstration-centre': {
    kind: 'demonstration-centre',
    nameZh: '市级示范性社区教育中心',
    nameEn: 'Municipal demonstration community-education centre',
    deadlines: { formalReview: 10, correction: 5 },
    constructionMonths: 24,
    quota: 10,
  },
};
