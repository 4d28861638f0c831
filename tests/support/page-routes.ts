// Over 400 lines because it is one table with an entry for every page route of the app, which the pages matrix checks against the app itself.
import { expect } from 'vitest';
import { blobStore, materialKey } from '../../functions/adapters/blobs';
import type { Runtime } from '../../local/runtime';
import { after, projects } from './project';
import type { Caller, Outcomes } from './routes';

/**
 * Every page route of the app, what each caller gets from it, and what its HTML must not show
 * them. The pages matrix (tests/integration/pages-access-matrix.test.ts) enumerates the routes
 * from the Hono app itself: a page added without an entry here fails it, naming itself.
 */
export interface PageFixture {
  callId: string;
  /** applicant-a1's declaration, established and accepted as 优秀: experts scored it, an objection was filed and dismissed. */
  projectId: string;
  /** applicant-a1's unsubmitted draft in the same call. */
  draftId: string;
  /** district-a's (decided) recommendation on `projectId`: the district's task page with the history. */
  districtTaskId: string;
  /** expert-2's (decided) selection score sheet task. */
  scoreTaskId: string;
  /** applicant-a1's acceptance application and expert-2's acceptance score task (both decided). */
  applicationTaskId: string;
  acceptanceScoreTaskId: string;
  /** The office's acceptance decision (decided: 优秀). */
  decisionTaskId: string;
  objectionId: string;
}

export interface PageCase {
  path(f: PageFixture): string;
  /** A form to post (left empty or incomplete where the route writes, so the status shows who got past authorization). */
  form?: Record<string, string>;
  expect: Outcomes;
  /** Why this route's body is not checked for what its reader must not see. */
  unchecked?: string;
}

/** What anonymous readers get from a page that needs a session: the sign-in page, with the way back. */
const SIGN_IN = 303;
const signedIn = (status: number): Outcomes => ({ anonymous: SIGN_IN, others: status });
const cityOffice = (status: number): Outcomes => ({ anonymous: SIGN_IN, admin: status, others: 403 });
/** The city office and district-a's bureau get `status`; district-b's, for district A's organisations, `otherDistrict`. */
const directoryKeepers = (status: number, otherDistrict: number): Outcomes => ({
  anonymous: SIGN_IN,
  admin: status,
  'district-a': status,
  'district-b': otherDistrict,
  others: 403,
});
const applicants = (status: number): Outcomes => ({
  anonymous: SIGN_IN,
  'applicant-a1': status,
  'applicant-a2': status,
  'applicant-b1': status,
  others: 403,
});
/** applicant-a1's declaration: the other centres are told it does not exist, other roles may not use the applicant's pages. */
const itsApplicant = (status: number): Outcomes => ({
  anonymous: SIGN_IN,
  'applicant-a1': status,
  'applicant-a2': 404,
  'applicant-b1': 404,
  others: 403,
});
/** The declaration (and project) of applicant-a1: its centre, district, the office and expert-2 (assigned in selection and acceptance). */
const seenByItsPeople = (status: number): Outcomes => ({
  anonymous: SIGN_IN,
  admin: status,
  'district-a': status,
  'expert-2': status,
  'applicant-a1': status,
  others: 404,
});
/** A task's page is where its assignee acts on it; anyone else, the office included, is told it does not exist (the office reads the declaration's page). */
const taskOf = (assignee: Caller, status: number): Outcomes => ({ anonymous: SIGN_IN, [assignee]: status, others: 404 });

export const pageCases: Record<string, PageCase | PageCase[]> = {
  'GET /ui/style.css': { path: () => '/ui/style.css', expect: { others: 200 }, unchecked: 'a stylesheet' },
  'GET /ui': { path: () => '/ui', expect: { others: 303 } },
  'GET /ui/signin': {
    path: () => '/ui/signin',
    expect: { others: 200 },
    unchecked: 'the local sign-in lists every seeded user by design (the cloud shows Cognito’s)',
  },
  // An unknown user is sent back to sign in; nothing else happens.
  'POST /ui/signin': { path: () => '/ui/signin', form: { username: 'nobody' }, expect: { others: 303 } },
  'GET /ui/auth/callback': { path: () => '/ui/auth/callback', expect: { others: 303 } },
  'POST /ui/signout': { path: () => '/ui/signout', form: {}, expect: { others: 303 } },

  'GET /ui/applicant': { path: () => '/ui/applicant', expect: applicants(200) },
  'POST /ui/applicant/calls/:callId/declarations': {
    path: (f) => `/ui/applicant/calls/${f.callId}/declarations`,
    form: {},
    expect: applicants(422),
  },
  'GET /ui/applicant/declarations/:id': [
    { path: (f) => `/ui/applicant/declarations/${f.projectId}`, expect: itsApplicant(200) },
    { path: (f) => `/ui/applicant/declarations/${f.draftId}`, expect: itsApplicant(200) },
  ],
  // An established declaration is no longer edited: refused at the form.
  'POST /ui/applicant/declarations/:id': {
    path: (f) => `/ui/applicant/declarations/${f.projectId}`,
    form: { title: '改名' },
    expect: itsApplicant(422),
  },
  'GET /ui/applicant/declarations/:id/materials/:key/uploaded': {
    path: (f) => `/ui/applicant/declarations/${f.draftId}/materials/budget/uploaded?key=x`,
    expect: itsApplicant(422),
  },

  'GET /ui/inbox': { path: () => '/ui/inbox', expect: signedIn(200) },
  'GET /ui/tasks/:taskId': [
    { path: (f) => `/ui/tasks/${f.districtTaskId}`, expect: taskOf('district-a', 200) },
    { path: (f) => `/ui/tasks/${f.scoreTaskId}`, expect: taskOf('expert-2', 200) },
  ],
  // Decided tasks take no second decision.
  'POST /ui/tasks/:taskId': {
    path: (f) => `/ui/tasks/${f.districtTaskId}`,
    form: { outcome: 'recommend', rank: '1' },
    expect: taskOf('district-a', 422),
  },
  'GET /ui/declarations/:id/materials/:key': {
    path: (f) => `/ui/declarations/${f.projectId}/materials/budget`,
    expect: seenByItsPeople(200),
    unchecked: 'the material file itself',
  },

  // The organisation tree: the office and the district bureaux, each district its own (another's: 404).
  'GET /ui/organisations': { path: () => '/ui/organisations', expect: directoryKeepers(200, 200) },
  'POST /ui/organisations': { path: () => '/ui/organisations', form: {}, expect: directoryKeepers(422, 422) },
  'GET /ui/organisations/:id': { path: () => '/ui/organisations/centre-a1', expect: directoryKeepers(200, 404) },
  'POST /ui/organisations/:id': { path: () => '/ui/organisations/centre-a1', form: {}, expect: directoryKeepers(422, 404) },
  'POST /ui/organisations/:id/move': { path: () => '/ui/organisations/centre-a1/move', form: {}, expect: directoryKeepers(422, 404) },
  'POST /ui/organisations/:id/status': { path: () => '/ui/organisations/centre-a1/status', form: {}, expect: directoryKeepers(422, 404) },
  'GET /ui/office': { path: () => '/ui/office', expect: cityOffice(200) },
  'GET /ui/office/directory/import': { path: () => '/ui/office/directory/import', expect: cityOffice(200) },
  'GET /ui/office/directory/import-template.xlsx': { path: () => '/ui/office/directory/import-template.xlsx', expect: cityOffice(200) },
  'POST /ui/office/directory/import': { path: () => '/ui/office/directory/import', form: {}, expect: cityOffice(422) },
  'GET /ui/office/projects/import': { path: () => '/ui/office/projects/import', expect: cityOffice(200) },
  'GET /ui/office/projects/import-template.xlsx': { path: () => '/ui/office/projects/import-template.xlsx', expect: cityOffice(200) },
  'POST /ui/office/projects/import': { path: () => '/ui/office/projects/import', form: {}, expect: cityOffice(422) },
  'GET /ui/office/people': { path: () => '/ui/office/people', expect: cityOffice(200) },
  'GET /ui/office/people/new': { path: () => '/ui/office/people/new', expect: cityOffice(200) },
  'POST /ui/office/people': { path: () => '/ui/office/people', form: {}, expect: cityOffice(422) },
  'GET /ui/office/people/:username': { path: () => '/ui/office/people/applicant-a1', expect: cityOffice(200) },
  // Nobody by that name: the matrix's callers keep their accounts.
  'POST /ui/office/people/:username/disable': { path: () => '/ui/office/people/nobody/disable', form: {}, expect: cityOffice(404) },
  'POST /ui/office/people/:username/enable': { path: () => '/ui/office/people/nobody/enable', form: {}, expect: cityOffice(404) },
  // The local clock (dev only): what is not a time is ignored, the clock stays.
  'POST /ui/office/clock': { path: () => '/ui/office/clock', form: { now: 'later' }, expect: cityOffice(303) },
  'GET /ui/office/calendar': { path: () => '/ui/office/calendar', expect: cityOffice(200) },
  'GET /ui/office/kinds': { path: () => '/ui/office/kinds', expect: cityOffice(200) },
  'GET /ui/office/kinds/new': { path: () => '/ui/office/kinds/new', expect: cityOffice(200) },
  // No button named: the empty draft is drawn again, nothing is stored.
  'POST /ui/office/kinds/new': { path: () => '/ui/office/kinds/new', form: {}, expect: cityOffice(200) },
  'GET /ui/office/kinds/:key': { path: () => '/ui/office/kinds/elder-empowerment', expect: cityOffice(200) },
  'GET /ui/office/kinds/:key/diff': { path: () => '/ui/office/kinds/elder-empowerment/diff?from=1&to=1', expect: cityOffice(200) },
  'GET /ui/office/kinds/:key/versions/:version': { path: () => '/ui/office/kinds/elder-empowerment/versions/1', expect: cityOffice(200) },
  'GET /ui/office/kinds/:key/versions/:version/edit': {
    path: () => '/ui/office/kinds/elder-empowerment/versions/1/edit',
    expect: cityOffice(200),
  },
  // The fixture's call uses version 1: saving is refused (409) and nothing changes.
  'POST /ui/office/kinds/:key/versions/:version/edit': {
    path: () => '/ui/office/kinds/elder-empowerment/versions/1/edit',
    form: { action: 'save' },
    expect: cityOffice(409),
  },
  // A kind that does not exist: the route's guard is what is tested, and no version is made.
  'POST /ui/office/kinds/:key/versions': { path: () => '/ui/office/kinds/no-such-kind/versions', form: {}, expect: cityOffice(404) },
  // No year given: refused at the field, nothing previewed or written.
  'POST /ui/office/calendar/preview': { path: () => '/ui/office/calendar/preview', form: {}, expect: cityOffice(422) },
  'POST /ui/office/calendar/save': { path: () => '/ui/office/calendar/save', form: {}, expect: cityOffice(422) },
  'GET /ui/office/calls/new': { path: () => '/ui/office/calls/new', expect: cityOffice(200) },
  'POST /ui/office/calls': { path: () => '/ui/office/calls', form: {}, expect: cityOffice(422) },
  'GET /ui/office/calls/:callId': { path: (f) => `/ui/office/calls/${f.callId}`, expect: cityOffice(200) },
  'GET /ui/office/calls/:callId/settings': { path: (f) => `/ui/office/calls/${f.callId}/settings`, expect: cityOffice(200) },
  // The call has opened: its settings no longer change.
  'POST /ui/office/calls/:callId/settings': {
    path: (f) => `/ui/office/calls/${f.callId}/settings`,
    form: { title: '改名' },
    expect: cityOffice(409),
  },
  'GET /ui/office/declarations/:id': { path: (f) => `/ui/office/declarations/${f.projectId}`, expect: cityOffice(200) },
  'POST /ui/office/tasks/:taskId/extension': {
    path: (f) => `/ui/office/tasks/${f.districtTaskId}/extension`,
    form: {},
    expect: cityOffice(422),
  },
  'GET /ui/office/declarations/:id/experts': { path: (f) => `/ui/office/declarations/${f.projectId}/experts`, expect: cityOffice(200) },
  'POST /ui/office/declarations/:id/experts': {
    path: (f) => `/ui/office/declarations/${f.projectId}/experts`,
    form: { experts: 'expert-3' },
    expect: cityOffice(422),
  },
  // Long past its assignment: the draw is refused on the page, nothing drawn.
  'POST /ui/office/declarations/:id/experts/draw': {
    path: (f) => `/ui/office/declarations/${f.projectId}/experts/draw`,
    form: {},
    expect: cityOffice(422),
  },
  'GET /ui/office/experts': { path: () => '/ui/office/experts', expect: cityOffice(200) },
  'GET /ui/office/experts/new': { path: () => '/ui/office/experts/new', expect: cityOffice(200) },
  'GET /ui/office/experts/:username': {
    path: () => '/ui/office/experts/expert-3',
    expect: cityOffice(200),
    unchecked: 'its path names the expert and every page’s language switch repeats its path; only the office gets past the 403',
  },
  'POST /ui/office/experts': { path: () => '/ui/office/experts', form: {}, expect: cityOffice(422) },
  // A window that is not a date is refused at its field, so expert-3's entry stays as it is.
  'POST /ui/office/experts/:username': {
    path: () => '/ui/office/experts/expert-3',
    form: { displayName: '评审专家3', unavailable: '明天' },
    expect: cityOffice(422),
    unchecked: 'its path names the expert and every page’s language switch repeats its path; only the office gets past the 403',
  },
  'POST /ui/office/specialties': { path: () => '/ui/office/specialties', form: {}, expect: cityOffice(422) },
  'GET /ui/office/calls/:callId/ranking': { path: (f) => `/ui/office/calls/${f.callId}/ranking`, expect: cityOffice(200) },
  'POST /ui/office/calls/:callId/shortlist': { path: (f) => `/ui/office/calls/${f.callId}/shortlist`, form: {}, expect: cityOffice(422) },
  'GET /ui/office/calls/:callId/objections': { path: (f) => `/ui/office/calls/${f.callId}/objections`, expect: cityOffice(200) },
  'POST /ui/office/objections/:objectionId': {
    path: (f) => `/ui/office/objections/${f.objectionId}?call=${f.callId}`,
    form: {},
    expect: cityOffice(422),
  },
  'GET /ui/office/calls/:callId/export.xlsx': {
    path: (f) => `/ui/office/calls/${f.callId}/export.xlsx`,
    expect: cityOffice(200),
    unchecked: 'the office’s spreadsheet (a zip)',
  },

  // The portfolio: each caller's own projects (an expert's list is empty).
  'GET /ui/projects': { path: () => '/ui/projects', expect: signedIn(200) },
  'GET /ui/projects/:id': { path: (f) => `/ui/projects/${f.projectId}`, expect: seenByItsPeople(200) },
  // 培育: the office records, the project's applicant responds (empty forms: refused at the fields).
  'GET /ui/projects/:id/incubation': {
    path: (f) => `/ui/projects/${f.projectId}/incubation`,
    expect: { anonymous: SIGN_IN, admin: 200, 'applicant-a1': 200, 'applicant-a2': 404, 'applicant-b1': 404, others: 403 },
  },
  'POST /ui/projects/:id/incubation': { path: (f) => `/ui/projects/${f.projectId}/incubation`, form: {}, expect: cityOffice(422) },
  'POST /ui/projects/:id/incubation/:recordId/response': {
    path: (f) => `/ui/projects/${f.projectId}/incubation/inc-1/response`,
    form: {},
    expect: itsApplicant(422),
  },
  // Funding (issue 23): seen by the project's people; the office's forms, posted empty, refused at the fields.
  'GET /ui/projects/:id/funding': { path: (f) => `/ui/projects/${f.projectId}/funding`, expect: seenByItsPeople(200) },
  'POST /ui/projects/:id/funding/grant': { path: (f) => `/ui/projects/${f.projectId}/funding/grant`, form: {}, expect: cityOffice(422) },
  'POST /ui/projects/:id/funding/payments': {
    path: (f) => `/ui/projects/${f.projectId}/funding/payments`,
    form: {},
    expect: cityOffice(422),
  },
  // Expenditure and 决算 (issue 23.3-4): the project's applicant only, an empty form refused at the fields.
  'POST /ui/projects/:id/funding/expenditures': {
    path: (f) => `/ui/projects/${f.projectId}/funding/expenditures`,
    form: {},
    expect: itsApplicant(422),
  },
  // A receipt's upload (issue 23.3): the store's redirect back, for the project's applicant only (no such upload here: refused at the receipt); nothing kept to download.
  'GET /ui/projects/:id/funding/expenditures/receipt-uploaded': {
    path: (f) => `/ui/projects/${f.projectId}/funding/expenditures/receipt-uploaded?key=x`,
    expect: itsApplicant(422),
  },
  'GET /ui/projects/:id/funding/expenditures/:expenditureId/receipt': {
    path: (f) => `/ui/projects/${f.projectId}/funding/expenditures/exp-1/receipt`,
    expect: seenByItsPeople(404),
  },
  'POST /ui/projects/:id/funding/final-accounts': {
    path: (f) => `/ui/projects/${f.projectId}/funding/final-accounts`,
    form: {},
    expect: itsApplicant(422),
  },
  'GET /ui/office/province-recommendations': { path: () => '/ui/office/province-recommendations', expect: cityOffice(200) },
  'GET /ui/office/province-recommendations/dossier': {
    path: () => '/ui/office/province-recommendations/dossier',
    expect: cityOffice(200),
    unchecked: 'a zip archive',
  },
  // The project has ended (accepted): neither withdrawn nor terminated any more.
  'POST /ui/projects/:id/withdraw': {
    path: (f) => `/ui/projects/${f.projectId}/withdraw`,
    form: { reason: '撤回' },
    expect: itsApplicant(422),
  },
  // The title's revocation (21.5), the task book's adjustment and the year's actuals (21.1, 21.2), posted empty.
  'POST /ui/projects/:id/title/revocation': {
    path: (f) => `/ui/projects/${f.projectId}/title/revocation`,
    form: {},
    expect: cityOffice(422),
  },
  'POST /ui/projects/:id/task-book': { path: (f) => `/ui/projects/${f.projectId}/task-book`, form: {}, expect: cityOffice(422) },
  'POST /ui/projects/:id/actuals': { path: (f) => `/ui/projects/${f.projectId}/actuals`, form: {}, expect: itsApplicant(422) },
  'POST /ui/projects/:id/terminate': {
    path: (f) => `/ui/projects/${f.projectId}/terminate`,
    form: { reason: '终止' },
    expect: cityOffice(422),
  },
  'GET /ui/projects/:id/tasks/:taskId': [
    { path: (f) => `/ui/projects/${f.projectId}/tasks/${f.applicationTaskId}`, expect: taskOf('applicant-a1', 200) },
    { path: (f) => `/ui/projects/${f.projectId}/tasks/${f.acceptanceScoreTaskId}`, expect: taskOf('expert-2', 200) },
    { path: (f) => `/ui/projects/${f.projectId}/tasks/${f.decisionTaskId}`, expect: taskOf('admin', 200) },
  ],
  'POST /ui/projects/:id/tasks/:taskId': {
    path: (f) => `/ui/projects/${f.projectId}/tasks/${f.applicationTaskId}`,
    form: { report: '再报一次' },
    expect: taskOf('applicant-a1', 422),
  },
  'POST /ui/projects/:id/tasks/:taskId/site-visits': {
    path: (f) => `/ui/projects/${f.projectId}/tasks/${f.decisionTaskId}/site-visits`,
    form: { visitedAt: '2027-01-05', visitors: '考察组', findings: '场地一致' },
    expect: cityOffice(422),
  },
  // Report files (issue 21.3): only the applicant adds them (refused here: nothing was uploaded); nothing was kept to download.
  'GET /ui/projects/:id/tasks/:taskId/files/:report/:key/uploaded': {
    path: (f) => `/ui/projects/${f.projectId}/tasks/${f.applicationTaskId}/files/acceptance-application/finalReport/uploaded?key=x`,
    expect: { anonymous: SIGN_IN, 'applicant-a1': 422, admin: 403, 'district-a': 403, 'expert-2': 403, others: 404 },
  },
  'GET /ui/projects/:id/reports/:report/materials/:key': {
    path: (f) => `/ui/projects/${f.projectId}/reports/acceptance-application/materials/finalReport`,
    expect: seenByItsPeople(404),
  },

  // A result notice to applicant-a1 is read by its centre, its district and the office (not its experts); the announcement by anyone signed in.
  'GET /ui/result-notices/:callId/:noticeId': ['establishment', 'acceptance']
    .map(
      (kind): PageCase => ({
        path: (f) => `/ui/result-notices/${f.callId}/${kind}-${f.projectId}`,
        expect: { anonymous: SIGN_IN, admin: 200, 'district-a': 200, 'applicant-a1': 200, others: 404 },
      }),
    )
    .concat({ path: (f) => `/ui/result-notices/${f.callId}/call_result-${f.callId}`, expect: signedIn(200) }),
  // The public's pages (issue 22.4), no sign-in: the fixture's call is established, so its notice no longer takes objections.
  'GET /ui/public/notices/:callId': { path: (f) => `/ui/public/notices/${f.callId}`, expect: { others: 200 } },
  'POST /ui/public/notices/:callId/objections': {
    path: (f) => `/ui/public/notices/${f.callId}/objections`,
    form: {},
    expect: { others: 422 },
  },
  'GET /ui/public/objections/:receipt': { path: () => '/ui/public/objections/ABCDEFGHJKLM', expect: { others: 404 } },
  'POST /ui/public/objections/:receipt/confirm': {
    path: () => '/ui/public/objections/ABCDEFGHJKLM/confirm',
    form: {},
    // The form is drawn again with the receipt's status: an unknown receipt has none.
    expect: { others: 404 },
  },
  'GET /ui/public/calls/:callId/result': { path: (f) => `/ui/public/calls/${f.callId}/result`, expect: { others: 200 } },
  'GET /ui/public/calls': { path: () => '/ui/public/calls', expect: { others: 200 } },
  'GET /ui/public/calls/:callId/attachments/:attachmentId': {
    path: (f) => `/ui/public/calls/${f.callId}/attachments/att-missing`,
    expect: { others: 404 },
  },
  'GET /ui/public/rosters/:roster': { path: () => '/ui/public/rosters/named', expect: { others: 200 } },
  'GET /ui/office/calls/:callId/attachments': { path: (f) => `/ui/office/calls/${f.callId}/attachments`, expect: cityOffice(200) },
  'GET /ui/office/calls/:callId/attachments/uploaded': {
    path: (f) => `/ui/office/calls/${f.callId}/attachments/uploaded?public=1&key=x`,
    expect: cityOffice(422),
  },
  'GET /ui/office/calls/:callId/attachments/:attachmentId': {
    path: (f) => `/ui/office/calls/${f.callId}/attachments/att-missing`,
    expect: cityOffice(404),
  },
  'GET /ui/public/objections/:receipt/evidence/uploaded': {
    path: () => '/ui/public/objections/ABCDEFGHJKLM/evidence/uploaded?key=x',
    expect: { others: 404 },
  },
  'GET /ui/office/objections/:objectionId/evidence/:fileId': {
    path: () => '/ui/office/objections/obj_missing/evidence/file-missing',
    expect: cityOffice(404),
  },
  'GET /ui/notices/:callId': { path: (f) => `/ui/notices/${f.callId}`, expect: signedIn(200) },
  // The notice has ended: no objection is taken any more.
  'POST /ui/notices/:callId/objections': {
    path: (f) => `/ui/notices/${f.callId}/objections`,
    form: { declarationId: 'x', realName: '李四', reason: '迟到的异议' },
    expect: signedIn(422),
  },
  'GET /ui/notifications': { path: () => '/ui/notifications', expect: signedIn(200) },
  'POST /ui/notifications/:notificationId/read': { path: () => '/ui/notifications/ntf_missing/read', form: {}, expect: signedIn(404) },
  // Statistics (issue 22.2): the office and the district bureaus.
  'GET /ui/statistics': {
    path: () => '/ui/statistics',
    expect: { anonymous: SIGN_IN, admin: 200, 'district-a': 200, 'district-b': 200, others: 403 },
  },
  'GET /ui/statistics/export.xlsx': {
    path: () => '/ui/statistics/export.xlsx',
    expect: { anonymous: SIGN_IN, admin: 200, 'district-a': 200, 'district-b': 200, others: 403 },
    unchecked: 'a workbook, not HTML',
  },
};

/** The objector's identity and words: only the office (and the objector) may read them. */
export const OBJECTOR = { username: 'applicant-b1', realName: '赵异议人', reason: '场地面积与申报不符（异议）' };
const contactOfApplicant = ['王老师', '021-5555 0101'];
const expertNames = [1, 2, 3, 4, 5, 6].flatMap((n) => [`expert-${n}`, `评审专家${n}`]);

/** A workflow execution (a call's, a declaration's): the machine's and the office's business. */
const executionArn = 'arn:aws:states:';

/** What a caller's pages must never show: experts to applicants and districts, objectors and executions to all but the office, contacts to experts. */
export function mustNotShow(caller: Caller): string[] {
  const objector = [OBJECTOR.username, OBJECTOR.realName, OBJECTOR.reason, executionArn].filter((s) => s !== caller);
  if (caller === 'admin') return [];
  if (caller === 'anonymous') return [...expertNames, ...objector, ...contactOfApplicant];
  if (caller.startsWith('expert-')) return [...objector, ...contactOfApplicant];
  return [...expertNames, ...objector];
}

/** A call selected to the end and one project through acceptance (优秀), over the API. */
export async function buildPageFixture(runtime: Runtime): Promise<PageFixture> {
  const p = projects(runtime);
  const { api, ok } = p;
  const kind = 'elder-empowerment';
  const call = await p.createCall(kind);
  const id = await p.declare('applicant-a1', call.callId, kind, '银龄数字课堂');
  const draftId = ok(await api.as('applicant-a1').post(`/calls/${call.callId}/declarations`, { title: '未完成的草稿' }), 201)
    .declarationId as string;
  const recommendation = await p.openTask('district-a', id, 'district_recommendation');
  ok(await p.recommend('district-a', id, 1));
  await p.formalReview(id, 'approve');
  // District A's experts (expert-1, expert-4) are 回避.
  await p.assign(id, ['expert-2', 'expert-3', 'expert-5']);
  const scoreTask = await p.openTask('expert-2', id, 'expert_score');
  for (const expert of ['expert-2', 'expert-3', 'expert-5']) ok(await p.score(expert, id, p.sheet(kind, 0.85)));
  await p.reached(id, 'scored');
  await blobStore().put(materialKey(id, 'budget'), new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')), 'application/pdf');

  await p.closeWindow(call);
  const { call: inNotice } = await p.shortlist(call.callId, [id]);
  const objection = ok(
    await api
      .as(OBJECTOR.username)
      .post(`/calls/${call.callId}/objections`, { declarationId: id, realName: OBJECTOR.realName, reason: OBJECTOR.reason }),
    201,
  );
  ok(
    await api.as('admin').post(`/objections/${objection.objectionId}/handling`, { outcome: 'dismissed', note: '经核实，场地面积符合要求' }),
  );
  await p.endNotice(inNotice);
  await p.finished(id, 'approved');
  await p.stage(id, 'construction');

  const m = (await p.view(id)).milestones;
  await p.advanceTo(id, after(m.midtermAt));
  await p.report('applicant-a1', id, 'midterm_report', p.actuals(kind, 0.5));
  await p.decide('admin', id, 'midterm_review', { outcome: 'pass' });
  await p.stage(id, 'construction');
  await p.advanceTo(id, after(m.acceptanceOpensAt));
  const { task: application } = await p.report('applicant-a1', id, 'acceptance_application', p.actuals(kind, 1.2), '一年建设总结。');
  await p.stage(id, 'acceptance_assignment');
  await p.openTask('admin', id, 'acceptance_assignment');
  expect(ok(await api.as('admin').post(`/projects/${id}/experts`, { experts: ['expert-2', 'expert-3', 'expert-5'] })).experts).toEqual([
    'expert-2',
    'expert-3',
    'expert-5',
  ]);
  const acceptanceScore = await p.openTask('expert-2', id, 'acceptance_score');
  const sheet = { delivery: 27, kpis: 27, learners: 18, management: 18 };
  for (const expert of ['expert-2', 'expert-3', 'expert-5'])
    await p.decide(expert, id, 'acceptance_score', { scores: sheet, comment: '成效明显' });
  await p.stage(id, 'acceptance_decision');
  const { task: decision } = await p.decide('admin', id, 'acceptance_decision', { outcome: 'excellent', comment: '成效突出' });
  await p.stage(id, 'accepted');
  return {
    callId: call.callId,
    projectId: id,
    draftId,
    districtTaskId: recommendation.taskId,
    scoreTaskId: scoreTask.taskId,
    applicationTaskId: application.taskId,
    acceptanceScoreTaskId: acceptanceScore.taskId,
    decisionTaskId: decision.taskId,
    objectionId: objection.objectionId,
  };
}
