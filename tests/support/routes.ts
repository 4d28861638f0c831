// Over 400 lines because it is one table with an entry for every route of the API, which the access matrix checks against /openapi.json.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { documentClient } from '../../functions/adapters/aws';
import { blobStore, materialKey } from '../../functions/adapters/blobs';
import type { Runtime } from '../../local/runtime';
import { slice } from './slice';

/**
 * Every route of the OpenAPI document, what each caller gets from it, and a request that shows
 * it. The access matrix asserts the outcomes; the bad-input properties fuzz the mutating ones as
 * the first caller who gets past authorization. A route added to the API without an entry here
 * fails the matrix test, naming itself.
 */
export const callers = [
  'anonymous',
  'admin',
  'district-a',
  'district-b',
  'expert-1',
  'expert-2',
  'applicant-a1',
  'applicant-a2',
  'applicant-b1',
] as const;
export type Caller = (typeof callers)[number];

/** One open call and three declarations of applicant-a1 (district A) at telling stages. */
export interface Fixture {
  callId: string;
  /** An incomplete draft: its applicant can edit and try to submit it. */
  draftId: string;
  /** In expert review, assigned to expert-2 only (expert-1 is of district A: 回避). */
  reviewedId: string;
  /** expert-2's open scoring task on `reviewedId`. */
  scoreTaskId: string;
}

/** What each caller gets; `others` covers every caller not named. */
export type Outcomes = Partial<Record<Caller, number>> & { others: number };

export interface RouteCase {
  path(f: Fixture): string;
  /** Schema-valid where the route takes a body, so the status shows who got past authorization. */
  body?: (f: Fixture) => unknown;
  expect: Outcomes;
}

const anyone = (status: number): Outcomes => ({ others: status });
const signedIn = (status: number): Outcomes => ({ anonymous: 401, others: status });
const cityOffice = (status: number): Outcomes => ({ anonymous: 401, admin: status, others: 403 });
/** The office and district-a's bureau get `status`, district-b's `otherDistrict`; no one else may keep the directory. */
const directory = (status: number, otherDistrict: number): Outcomes => ({
  anonymous: 401,
  admin: status,
  'district-a': status,
  'district-b': otherDistrict,
  others: 403,
});
/** Applicant-a1's own declaration: its centre, its district, the office and its assigned expert see it. */
const seenByItsPeople = (status: number): Outcomes => ({
  anonymous: 401,
  admin: status,
  'district-a': status,
  'expert-2': status,
  'applicant-a1': status,
  others: 404,
});
/** Only its declaring centre acts on it; other centres are told it does not exist; other roles may not act. */
const itsApplicant = (status: number): Outcomes => ({
  anonymous: 401,
  'applicant-a1': status,
  'applicant-a2': 404,
  'applicant-b1': 404,
  others: 403,
});

export const routeCases: Record<string, RouteCase> = {
  'GET /health': { path: () => '/health', expect: anyone(200) },
  'GET /ready': { path: () => '/ready', expect: anyone(200) },
  'GET /calls': { path: () => '/calls?limit=5', expect: anyone(200) },
  'GET /calls/{callId}': { path: (f) => `/calls/${f.callId}`, expect: anyone(200) },
  'GET /calls/{callId}/declaration-schema': { path: (f) => `/calls/${f.callId}/declaration-schema`, expect: anyone(200) },
  'POST /calls': { path: () => '/calls', body: () => ({ kind: 'elder-empowerment', year: 2026, title: '测试' }), expect: cityOffice(422) },
  'GET /kinds': { path: () => '/kinds', expect: signedIn(200) },
  'POST /kinds': { path: () => '/kinds', body: () => ({ key: 'no-definition', definition: {} }), expect: cityOffice(422) },
  'GET /kinds/{key}': { path: () => '/kinds/elder-empowerment', expect: signedIn(200) },
  'GET /kinds/{key}/history': { path: () => '/kinds/elder-empowerment/history', expect: cityOffice(200) },
  'POST /kinds/{key}/versions': {
    path: () => '/kinds/elder-empowerment/versions',
    body: () => ({ definition: {} }),
    expect: cityOffice(422),
  },
  'GET /kinds/{key}/versions/{version}': { path: () => '/kinds/elder-empowerment/versions/1', expect: signedIn(200) },
  'GET /kinds/{key}/diff': { path: () => '/kinds/elder-empowerment/diff?from=1&to=1', expect: signedIn(200) },
  'PUT /kinds/{key}/versions/{version}': {
    path: () => '/kinds/elder-empowerment/versions/1',
    body: () => ({ definition: {} }),
    expect: cityOffice(422),
  },
  // The call has opened, so the office's edit is refused as a conflict and nothing changes.
  'PATCH /calls/{callId}': { path: (f) => `/calls/${f.callId}`, body: () => ({ title: '改名' }), expect: cityOffice(409) },
  'POST /calls/{callId}/declarations': {
    path: (f) => `/calls/${f.callId}/declarations`,
    body: () => ({ summary: '缺少标题' }),
    expect: { anonymous: 401, 'applicant-a1': 422, 'applicant-a2': 422, 'applicant-b1': 422, others: 403 },
  },
  'GET /declarations': { path: (f) => `/declarations?callId=${f.callId}`, expect: signedIn(200) },
  'GET /declarations/{id}': { path: (f) => `/declarations/${f.reviewedId}`, expect: seenByItsPeople(200) },
  'PATCH /declarations/{id}': {
    path: (f) => `/declarations/${f.draftId}`,
    body: () => ({ fields: { notAField: 'x' } }),
    expect: itsApplicant(422),
  },
  'POST /declarations/{id}/submit': { path: (f) => `/declarations/${f.draftId}/submit`, expect: itsApplicant(422) },
  // A draft was never submitted: its applicant is told it cannot be withdrawn.
  'POST /declarations/{id}/withdraw': { path: (f) => `/declarations/${f.draftId}/withdraw`, body: () => ({}), expect: itsApplicant(409) },
  'POST /declarations/{id}/materials/{key}/upload-form': {
    path: (f) => `/declarations/${f.draftId}/materials/budget/upload-form`,
    expect: itsApplicant(201),
  },
  // Nothing was uploaded under that key, so its applicant is told so at the field.
  'POST /declarations/{id}/materials/{key}': {
    path: (f) => `/declarations/${f.draftId}/materials/budget`,
    body: () => ({ uploadKey: 'uploads/app_x/budget/a.pdf' }),
    expect: itsApplicant(422),
  },
  'GET /declarations/{id}/materials/{key}': { path: (f) => `/declarations/${f.reviewedId}/materials/budget`, expect: seenByItsPeople(200) },
  'GET /declarations/{id}/result-notices': { path: (f) => `/declarations/${f.reviewedId}/result-notices`, expect: seenByItsPeople(200) },
  'GET /calls/{callId}/result-notices': { path: (f) => `/calls/${f.callId}/result-notices`, expect: signedIn(200) },
  'GET /calls/{callId}/result-notices/{noticeId}': {
    path: (f) => `/calls/${f.callId}/result-notices/call_result-${f.callId}`,
    expect: signedIn(404),
  },
  'GET /declarations/{id}/history': { path: (f) => `/declarations/${f.reviewedId}/history`, expect: seenByItsPeople(200) },
  'GET /declarations/{id}/scores': { path: (f) => `/declarations/${f.reviewedId}/scores`, expect: seenByItsPeople(200) },
  'GET /declarations/{id}/experts/proposal': { path: (f) => `/declarations/${f.reviewedId}/experts/proposal`, expect: cityOffice(200) },
  'POST /declarations/{id}/experts': {
    path: (f) => `/declarations/${f.reviewedId}/experts`,
    body: () => ({ experts: ['expert-3'] }),
    expect: cityOffice(409),
  },
  'GET /experts': { path: () => '/experts', expect: cityOffice(200) },
  'POST /experts': { path: () => '/experts', body: () => ({ username: 'expert-9' }), expect: cityOffice(422) },
  'GET /experts/{username}': { path: () => '/experts/expert-3', expect: cityOffice(200) },
  // A specialty not on the office's list is refused at the field, so nothing changes.
  'PATCH /experts/{username}': { path: () => '/experts/expert-3', body: () => ({ specialties: ['astrology'] }), expect: cityOffice(422) },
  'GET /specialties': { path: () => '/specialties', expect: cityOffice(200) },
  // The seeded list has this code already.
  'POST /specialties': { path: () => '/specialties', body: () => ({ code: 'finance', nameZh: '财务' }), expect: cityOffice(409) },
  'GET /declarations/{id}/invitations': { path: (f) => `/declarations/${f.reviewedId}/invitations`, expect: cityOffice(200) },
  'GET /declarations/{id}/expert-draws': { path: (f) => `/declarations/${f.reviewedId}/expert-draws`, expect: cityOffice(200) },
  // No declaration of the fixture's call waits for experts: a draw of none.
  'POST /calls/{callId}/expert-draw': { path: (f) => `/calls/${f.callId}/expert-draw`, expect: cityOffice(200) },
  'GET /tasks': { path: () => '/tasks', expect: signedIn(200) },
  // Only the task's assignee learns it exists; the empty decision lacks the scores it needs.
  'POST /tasks/{taskId}/decision': {
    path: (f) => `/tasks/${f.scoreTaskId}/decision`,
    body: () => ({ comment: '未打分' }),
    expect: { anonymous: 401, 'expert-2': 422, others: 404 },
  },
  'GET /notifications': { path: () => '/notifications?status=unread', expect: signedIn(200) },
  // Someone else's notification and a missing one look alike.
  'POST /notifications/{notificationId}/read': { path: () => '/notifications/ntf_missing/read', expect: signedIn(404) },
  'GET /tasks/{taskId}': { path: (f) => `/tasks/${f.scoreTaskId}`, expect: { anonymous: 401, admin: 200, 'expert-2': 200, others: 404 } },
  // A scoring deadline is the workflow's timeout, so even the office is refused (409), changing nothing.
  'GET /calendar': { path: () => '/calendar', expect: cityOffice(200) },
  'POST /calendar/{year}/preview': {
    path: () => '/calendar/2027/preview',
    body: () => ({ holidays: ['2027-02-08'], workdays: [] }),
    expect: cityOffice(200),
  },
  // A version the office never saw: refused as a conflict, nothing written.
  'PUT /calendar/{year}': {
    path: () => '/calendar/2027',
    body: () => ({ holidays: ['2027-02-08'], workdays: [], version: 7, moveTasks: false }),
    expect: cityOffice(409),
  },
  'POST /tasks/{taskId}/extension': {
    path: (f) => `/tasks/${f.scoreTaskId}/extension`,
    body: () => ({ dueAt: '2099-01-01', reason: '延期' }),
    expect: cityOffice(409),
  },
  // No project in the fixture (establishing one is a whole selection): these show who gets past
  // the role check to the object lookup; object-level scoping of projects is construction.test.ts's.
  // The portfolio: each sees what they may (an expert an empty list), so every signed-in caller gets 200.
  'GET /projects': { path: () => '/projects?year=2026&overdue=true', expect: signedIn(200) },
  'GET /projects/{id}': { path: (f) => `/projects/${f.reviewedId}`, expect: signedIn(404) },
  'GET /projects/{id}/scores': { path: (f) => `/projects/${f.reviewedId}/scores`, expect: signedIn(404) },
  'POST /projects/{id}/experts': {
    path: (f) => `/projects/${f.reviewedId}/experts`,
    body: () => ({ experts: ['expert-3'] }),
    expect: cityOffice(404),
  },
  'POST /projects/{id}/site-visits': {
    path: (f) => `/projects/${f.reviewedId}/site-visits`,
    body: () => ({ visitedAt: '2026-06-01T09:00:00+08:00', visitors: ['评审专家3'], findings: '场地与申报一致' }),
    expect: cityOffice(404),
  },
  'GET /projects/{id}/incubation': { path: (f) => `/projects/${f.reviewedId}/incubation`, expect: signedIn(404) },
  'POST /projects/{id}/incubation': {
    path: (f) => `/projects/${f.reviewedId}/incubation`,
    body: () => ({ type: 'guidance', date: '2026-06-01', topic: '品牌定位', attendees: ['admin'] }),
    expect: cityOffice(404),
  },
  'POST /projects/{id}/incubation/{recordId}/response': {
    path: (f) => `/projects/${f.reviewedId}/incubation/inc-1/response`,
    body: () => ({ response: '已落实' }),
    expect: signedIn(404),
  },
  // Funding (issue 23) of a declaration that is no project: who gets past the role check to the lookup.
  'GET /projects/{id}/funding': { path: (f) => `/projects/${f.reviewedId}/funding`, expect: signedIn(404) },
  'PUT /projects/{id}/funding/grant': {
    path: (f) => `/projects/${f.reviewedId}/funding/grant`,
    body: () => ({ approvedFen: 1_000_000, reason: '核减', tranches: [{ milestone: 'establishment', percent: 100 }] }),
    expect: cityOffice(404),
  },
  'POST /projects/{id}/funding/payments': {
    path: (f) => `/projects/${f.reviewedId}/funding/payments`,
    body: () => ({ tranche: 1, paidOn: '2026-12-20', amountFen: 500_000, voucher: 'PZ-1' }),
    expect: cityOffice(404),
  },
  // Expenditure and 决算 (issue 23.3-4): only an applicant gets past the role check to the lookup.
  'POST /projects/{id}/funding/expenditures': {
    path: (f) => `/projects/${f.reviewedId}/funding/expenditures`,
    body: () => ({ category: 'teachers', amountFen: 100, spentOn: '2027-03-01', description: '讲课费' }),
    expect: itsApplicant(404),
  },
  'POST /projects/{id}/funding/expenditures/receipt-upload-form': {
    path: (f) => `/projects/${f.reviewedId}/funding/expenditures/receipt-upload-form`,
    expect: itsApplicant(404),
  },
  'GET /projects/{id}/funding/expenditures/{expenditureId}/receipt': {
    path: (f) => `/projects/${f.reviewedId}/funding/expenditures/exp-1/receipt`,
    expect: signedIn(404),
  },
  'PUT /projects/{id}/funding/final-accounts': {
    path: (f) => `/projects/${f.reviewedId}/funding/final-accounts`,
    body: () => ({ lines: [{ category: 'teachers', amountFen: 100 }], sources: [{ source: 'fiscal', receivedFen: 100 }] }),
    expect: itsApplicant(404),
  },
  'GET /province-recommendations': { path: () => '/province-recommendations?year=2026', expect: cityOffice(200) },
  'GET /province-recommendations/dossier': { path: () => '/province-recommendations/dossier?year=2026', expect: cityOffice(200) },
  // Report files (issue 21.3) of a declaration that is no project: not there, whoever asks.
  'POST /projects/{id}/reports/{report}/materials/{key}/upload-form': {
    path: (f) => `/projects/${f.reviewedId}/reports/midterm-report/materials/progressEvidence/upload-form`,
    expect: signedIn(404),
  },
  'POST /projects/{id}/reports/{report}/materials/{key}': {
    path: (f) => `/projects/${f.reviewedId}/reports/midterm-report/materials/progressEvidence`,
    body: () => ({ uploadKey: 'uploads/app_x/midterm-report/progressEvidence/a.pdf' }),
    expect: signedIn(404),
  },
  'GET /projects/{id}/reports/{report}/materials/{key}': {
    path: (f) => `/projects/${f.reviewedId}/reports/midterm-report/materials/progressEvidence`,
    expect: signedIn(404),
  },
  'POST /projects/{id}/withdraw': {
    path: (f) => `/projects/${f.reviewedId}/withdraw`,
    body: () => ({ reason: '撤回' }),
    expect: { anonymous: 401, 'applicant-a1': 404, 'applicant-a2': 404, 'applicant-b1': 404, others: 403 },
  },
  'POST /projects/{id}/terminate': {
    path: (f) => `/projects/${f.reviewedId}/terminate`,
    body: () => ({ reason: '终止' }),
    expect: cityOffice(404),
  },
  'POST /projects/{id}/title/revocation': {
    path: (f) => `/projects/${f.reviewedId}/title/revocation`,
    body: () => ({ reason: '撤销' }),
    expect: cityOffice(404),
  },
  // The task book and yearly actuals (issue 21.1, 21.2).
  'GET /projects/{id}/task-book': { path: (f) => `/projects/${f.reviewedId}/task-book`, expect: signedIn(404) },
  'PUT /projects/{id}/task-book': {
    path: (f) => `/projects/${f.reviewedId}/task-book`,
    body: () => ({ targets: { personTimes: 500 }, comment: '按申报规模调整' }),
    expect: cityOffice(404),
  },
  'POST /projects/{id}/actuals': {
    path: (f) => `/projects/${f.reviewedId}/actuals`,
    body: () => ({ year: 1, actuals: { personTimes: 120 } }),
    expect: { anonymous: 401, 'applicant-a1': 404, 'applicant-a2': 404, 'applicant-b1': 404, others: 403 },
  },
  'GET /calls/{callId}/history': { path: (f) => `/calls/${f.callId}/history`, expect: cityOffice(200) },
  'GET /calls/{callId}/ranking': { path: (f) => `/calls/${f.callId}/ranking`, expect: cityOffice(200) },
  'POST /calls/{callId}/shortlist': {
    path: (f) => `/calls/${f.callId}/shortlist`,
    body: (f) => ({ declarationIds: [f.reviewedId] }),
    expect: cityOffice(409),
  },
  'GET /calls/{callId}/notice': { path: (f) => `/calls/${f.callId}/notice`, expect: signedIn(200) },
  // Anyone signed in may object, but only while a notice runs: this call is still open.
  // The public's (no account): the fixture's call is not in its notice, so an objection is refused with 409 for anyone.
  'GET /public/calls/{callId}/notice': { path: (f) => `/public/calls/${f.callId}/notice`, expect: anyone(200) },
  'GET /public/calls/{callId}/result': { path: (f) => `/public/calls/${f.callId}/result`, expect: anyone(404) },
  'POST /public/calls/{callId}/objections': {
    path: (f) => `/public/calls/${f.callId}/objections`,
    body: (f) => ({ declarationId: f.reviewedId, realName: '张三', contact: '13800138000', reason: '材料不实' }),
    expect: anyone(409),
  },
  'POST /public/objections/{receipt}/confirm': {
    path: () => '/public/objections/ABCDEFGHJKLM/confirm',
    body: () => ({ code: '123456' }),
    expect: anyone(404),
  },
  'GET /public/objections/{receipt}': { path: () => '/public/objections/ABCDEFGHJKLM', expect: anyone(404) },
  // Open calls, their public attachments and the rosters (issue 22.4), no sign-in.
  'GET /public/calls': { path: () => '/public/calls', expect: anyone(200) },
  'GET /public/calls/{callId}': { path: (f) => `/public/calls/${f.callId}`, expect: anyone(200) },
  'GET /public/calls/{callId}/attachments/{attachmentId}': {
    path: (f) => `/public/calls/${f.callId}/attachments/att-missing`,
    expect: anyone(404),
  },
  'GET /public/rosters/{roster}': { path: () => '/public/rosters/established', expect: anyone(200) },
  'POST /public/objections/{receipt}/evidence/upload-form': {
    path: () => '/public/objections/ABCDEFGHJKLM/evidence/upload-form',
    expect: anyone(404),
  },
  'POST /public/objections/{receipt}/evidence': {
    path: () => '/public/objections/ABCDEFGHJKLM/evidence',
    body: () => ({ uploadKey: 'uploads/elsewhere/x.pdf' }),
    expect: anyone(422),
  },
  'GET /objections/{objectionId}/evidence/{fileId}': {
    path: () => '/objections/obj_missing/evidence/file-missing',
    expect: cityOffice(404),
  },
  'POST /calls/{callId}/attachments/upload-form': { path: (f) => `/calls/${f.callId}/attachments/upload-form`, expect: cityOffice(201) },
  'POST /calls/{callId}/attachments': {
    path: (f) => `/calls/${f.callId}/attachments`,
    body: () => ({ uploadKey: 'uploads/elsewhere/x.pdf', public: true }),
    expect: cityOffice(422),
  },
  'GET /calls/{callId}/attachments/{attachmentId}': {
    path: (f) => `/calls/${f.callId}/attachments/att-missing`,
    expect: cityOffice(404),
  },
  'POST /calls/{callId}/objections': {
    path: (f) => `/calls/${f.callId}/objections`,
    body: (f) => ({ declarationId: f.reviewedId, realName: '张三', reason: '材料不实' }),
    expect: signedIn(409),
  },
  'GET /calls/{callId}/objections': { path: (f) => `/calls/${f.callId}/objections`, expect: cityOffice(200) },
  'POST /objections/{objectionId}/handling': {
    path: () => '/objections/obj_missing/handling',
    body: () => ({ outcome: 'dismissed', note: '不成立' }),
    expect: cityOffice(404),
  },
  // The directory: the office all of it, a district bureau its own district (another's is absent).
  'GET /organisations': { path: () => '/organisations', expect: directory(200, 200) },
  // The office creates it; district-a then finds the same name under the same parent (409).
  'POST /organisations': {
    path: () => '/organisations',
    body: () => ({ name: '矩阵街道社区教育中心', level: 'street', type: 'community-education-centre', parentId: 'district-a' }),
    expect: { ...directory(201, 404), 'district-a': 409 },
  },
  'GET /organisations/{organisationId}': { path: () => '/organisations/centre-a1', expect: directory(200, 404) },
  'PATCH /organisations/{organisationId}': {
    path: () => '/organisations/centre-a1',
    body: () => ({ shortName: '甲街道' }),
    expect: directory(200, 404),
  },
  'PUT /organisations/{organisationId}/status': {
    path: () => '/organisations/centre-a1/status',
    body: () => ({ status: 'active' }),
    expect: directory(200, 404),
  },
  'GET /organisations/{organisationId}/history': { path: () => '/organisations/centre-a1/history', expect: directory(200, 404) },
  // Accounts: the office any; a district its own centres' applicants; nobody their own scope.
  'POST /people': {
    path: () => '/people',
    body: () => ({
      username: 'matrix-new',
      role: 'applicant',
      organisationId: 'no-such-org',
      displayName: '无此单位',
      email: 'm@example.org',
    }),
    expect: { anonymous: 401, admin: 422, 'district-a': 404, 'district-b': 404, others: 403 },
  },
  'GET /people': {
    path: () => '/people?organisationId=centre-a1',
    expect: { anonymous: 401, admin: 200, 'district-a': 200, 'district-b': 200, others: 403 },
  },
  'GET /people/{username}': {
    path: () => '/people/applicant-a1',
    expect: { anonymous: 401, admin: 200, 'district-a': 200, 'applicant-a1': 200, others: 404 },
  },
  // The language it already has: its own person may, and nothing is written.
  'PATCH /people/{username}': {
    path: () => '/people/applicant-a1',
    body: () => ({ locale: 'zh-CN' }),
    expect: { anonymous: 401, admin: 403, 'district-a': 403, 'applicant-a1': 200, others: 404 },
  },
  'POST /people/{username}/disable': {
    path: () => '/people/nobody/disable',
    expect: { anonymous: 401, admin: 404, 'district-a': 404, 'district-b': 404, others: 403 },
  },
  'POST /people/{username}/enable': {
    path: () => '/people/nobody/enable',
    expect: { anonymous: 401, admin: 404, 'district-a': 404, 'district-b': 404, others: 403 },
  },
  'GET /people/{username}/history': {
    path: () => '/people/applicant-a1/history',
    expect: { anonymous: 401, admin: 200, 'district-a': 200, 'district-b': 404, others: 403 },
  },
  // A dry run: the report says the row is refused, and nothing is written.
  'POST /directory/imports': {
    path: () => '/directory/imports?dryRun=true',
    body: () => ({ organisations: [{ row: 2, cells: { name: '矩阵街道', level: '街道乡镇', type: '社区教育中心', parent: '无此单位' } }] }),
    expect: cityOffice(200),
  },
  // A dry run of the import of earlier projects (issue 22.5): the row is refused, nothing is written.
  'POST /project-imports': {
    path: () => '/project-imports?dryRun=true',
    body: () => ({ fileName: 'matrix.xlsx', rows: [{ row: 2, cells: { organisation: '无此单位', kind: '老年教育赋能项目' } }] }),
    expect: cityOffice(200),
  },
  // Local only (the cloud app has no /dev): open to anyone, as a local identity provider is.
  'POST /dev/token': { path: () => '/dev/token', body: () => ({ username: 'nobody' }), expect: anyone(404) },
  'GET /dev/users': { path: () => '/dev/users', expect: anyone(200) },
  'GET /dev/jwks.json': { path: () => '/dev/jwks.json', expect: anyone(200) },
  'GET /dev/clock': { path: () => '/dev/clock', expect: anyone(200) },
  'POST /dev/clock': { path: () => '/dev/clock', body: () => ({ now: 'later' }), expect: anyone(422) },
  // Statistics (issue 22.2): the office sees the city, a district bureau its own district (another's: 403).
  'GET /statistics': {
    path: () => '/statistics?year=2026',
    expect: { anonymous: 401, admin: 200, 'district-a': 200, 'district-b': 200, others: 403 },
  },
  'GET /statistics/export': {
    path: () => '/statistics/export?year=2026&districtId=district-a',
    expect: { anonymous: 401, admin: 200, 'district-a': 200, 'district-b': 403, others: 403 },
  },
  'POST /statistics/rollup': { path: () => '/statistics/rollup', body: () => ({}), expect: cityOffice(200) },
};

export function expected(route: Pick<RouteCase, 'expect'>, caller: Caller): number {
  return route.expect[caller] ?? route.expect.others;
}

/** The operations of an OpenAPI document as `METHOD /path` keys. */
export function operationsOf(spec: { paths: Record<string, Record<string, unknown>> }): string[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => methods.includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
}

export async function buildFixture(runtime: Runtime): Promise<Fixture> {
  const s = slice(runtime);
  const reviewedId = await s.submittedDeclaration('applicant-a1');
  const review = await s.openTask('admin', reviewedId, 'formal_review');
  expect((await s.api.as('admin').post(`/tasks/${review.taskId}/decision`, { outcome: 'approve' })).status).toBe(200);
  await s.openTask('admin', reviewedId, 'expert_assignment');
  const assigned = await s.api.as('admin').post(`/declarations/${reviewedId}/experts`, { experts: ['expert-2'] });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  await s.acceptInvitations(reviewedId, ['expert-2']);
  const scoring = await s.openTask('expert-2', reviewedId, 'expert_score');
  // The declaration lists its materials; one of them has its file in the store.
  await blobStore().put(materialKey(reviewedId, 'budget'), new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')), 'application/pdf');
  const callId = (await s.api.as('admin').get(`/declarations/${reviewedId}`)).body.callId as string;
  const draft = await s.api.as('applicant-a1').post(`/calls/${callId}/declarations`, { title: '未完成的草稿' });
  expect(draft.status).toBe(201);
  return { callId, draftId: draft.body.declarationId, reviewedId, scoreTaskId: scoring.taskId };
}

/** Every item of the runtime's table, hashed: a Scan, which only a test may do. */
export async function tableFingerprint(runtime: Runtime): Promise<{ count: number; hash: string }> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(new ScanCommand({ TableName: runtime.tableName, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const lines = items.map(stable).sort();
  return { count: items.length, hash: createHash('sha256').update(lines.join('\n')).digest('hex') };
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
