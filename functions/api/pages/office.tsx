import type { DevHooks } from '../routes/dev';
import { calendarPages } from './calendar';
import { callSettingsPages } from './call-settings';
import { actorOf } from './context';
import { area } from './errors';
import { officeCallPages } from './office-call';
import { officeCallAttachmentPages } from './office-call-attachments';
import { officeCallsPages } from './office-calls';
import { officeDeclarationPages } from './office-declaration';
import { officeDirectoryImportPages } from './office-directory-import';
import { officeExpertsPages } from './office-experts';
import { officeKindsPages } from './office-kinds';
import { officeObjectionsPages } from './office-objections';
import { officePeoplePages } from './office-people';
import { officeProjectImportPages } from './office-project-import';
import { officeRankingPages } from './office-ranking';

/**
 * The city office: calls, their dashboards, expert assignment, ranking and shortlist, objections, export.
 * One file a page; mounted in this order because `/calls/new` must be matched before `/calls/:callId`.
 */
export function officePages(dev: DevHooks | undefined) {
  const office = area();
  office.use('*', async (c, next) => {
    actorOf(c, 'city-admin');
    await next();
  });
  office.route('/', callSettingsPages());
  office.route('/', calendarPages());
  office.route('/', officeCallsPages(dev));
  office.route('/', officeCallPages());
  office.route('/', officeCallAttachmentPages());
  office.route('/', officeDeclarationPages());
  office.route('/', officeExpertsPages());
  office.route('/', officeRankingPages());
  office.route('/', officeObjectionsPages());
  office.route('/', officeDirectoryImportPages());
  office.route('/', officePeoplePages());
  office.route('/', officeKindsPages());
  office.route('/', officeProjectImportPages());
  return office;
}
