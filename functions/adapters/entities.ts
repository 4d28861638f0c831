import { Service, type EntityItem } from 'electrodb';
import { documentClient } from './aws';
import { requireEnv } from './env';
import { call, districtRecommendations, objection } from './model/calls';
import { acceptanceSheet, auditEvent, declaration, project, scoreSheet, task } from './model/declarations';
import { organisation, organisationKey } from './model/directory';
import { eligibilityCount, title, titleCounter } from './model/eligibility';
import { expenditure, incubationRecord, provinceListing } from './model/incubation';
import { expert, specialty } from './model/experts';
import { kind, kindVersion } from './model/kinds';
import { resultNotice } from './model/notices';
import { objectionRequest } from './model/public';
import { statisticsCall, statisticsCell } from './model/statistics';
import { calendarYear, idempotencyRecord, intent, notification, person, rateWindow, reminder, sweepCursor } from './model/system';

export type CallItem = EntityItem<typeof call>;
export type IntentItem = EntityItem<typeof intent>;
export type CalendarYearItem = EntityItem<typeof calendarYear>;
export type ReminderItem = EntityItem<typeof reminder>;
export type NotificationItem = EntityItem<typeof notification>;
export type PersonItem = EntityItem<typeof person>;
export type DeclarationItem = EntityItem<typeof declaration>;
export type TaskItem = EntityItem<typeof task>;
export type AuditEventItem = EntityItem<typeof auditEvent>;
export type ExpertItem = EntityItem<typeof expert>;
export type SpecialtyItem = EntityItem<typeof specialty>;
export type ScoreSheetItem = EntityItem<typeof scoreSheet>;
export type ObjectionItem = EntityItem<typeof objection>;
export type IdempotencyItem = EntityItem<typeof idempotencyRecord>;
export type ProjectItem = EntityItem<typeof project>;
export type AcceptanceSheetItem = EntityItem<typeof acceptanceSheet>;
export type OrganisationItem = EntityItem<typeof organisation>;
export type KindItem = EntityItem<typeof kind>;
export type KindVersionItem = EntityItem<typeof kindVersion>;
export type TitleItem = EntityItem<typeof title>;
export type IncubationRecordItem = EntityItem<typeof incubationRecord>;
export type ProvinceListingItem = EntityItem<typeof provinceListing>;
export type ExpenditureItem = EntityItem<typeof expenditure>;
export type ResultNoticeItem = EntityItem<typeof resultNotice>;
export type ObjectionRequestItem = EntityItem<typeof objectionRequest>;
export type StatisticsCellItem = EntityItem<typeof statisticsCell>;

function build() {
  return new Service(
    {
      call,
      declaration,
      task,
      auditEvent,
      expert,
      specialty,
      scoreSheet,
      districtRecommendations,
      objection,
      reminder,
      notification,
      person,
      sweepCursor,
      project,
      acceptanceSheet,
      idempotencyRecord,
      rateWindow,
      intent,
      calendarYear,
      organisation,
      organisationKey,
      kind,
      kindVersion,
      eligibilityCount,
      title,
      titleCounter,
      incubationRecord,
      provinceListing,
      resultNotice,
      objectionRequest,
      expenditure,
      statisticsCell,
      statisticsCall,
    },
    { client: documentClient(), table: requireEnv('TABLE_NAME') },
  );
}

/** A single write refused by its condition. ElectroDB wraps the SDK's error, keeping it as the cause. */
export function isConditionFailure(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (e.name === 'ConditionalCheckFailedException') return true;
  }
  return false;
}

let db: ReturnType<typeof build> | undefined;

/** The entities bound to the configured table and client, built on first use. */
export function store() {
  db ??= build();
  return db;
}
