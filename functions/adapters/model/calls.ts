import { Entity } from 'electrodb';
import { callStatuses } from '../../../core/stages';
import { service, sweepAttributes } from './common';

/** A call (申报通知) and what hangs on it alone: the districts' recommendation counts and the objections to its notice. */
export const call = new Entity({
  model: { entity: 'call', version: '1', service },
  attributes: {
    callId: { type: 'string', required: true },
    /** The kind's key (functions/adapters/model/kinds.ts). */
    kind: { type: 'string', required: true },
    /** The kind's version the call copied into `config`; a call stored before kinds had versions has none and reads as 1 (functions/services/call-kinds.ts). */
    kindVersion: { type: 'number', required: true, default: 1 },
    /** The kind's names as of that version, for pages that show them without reading the kind. */
    kindNameZh: { type: 'string' },
    kindNameEn: { type: 'string' },
    year: { type: 'number', required: true },
    batch: { type: 'number', required: true },
    title: { type: 'string', required: true },
    opensAt: { type: 'string', required: true },
    closesAt: { type: 'string', required: true },
    quota: { type: 'number', required: true },
    /** The kind version's definition as adjusted for this call (CallConfig in core/kinds.ts). */
    config: { type: 'any', required: true },
    status: { type: callStatuses, required: true, default: 'scheduled' },
    executionArn: { type: 'string' },
    shortlist: { type: 'list', items: { type: 'string' } },
    shortlistedBy: { type: 'string' },
    noticeOpensAt: { type: 'string' },
    noticeEndsAt: { type: 'string' },
    /** Years the notice's end was counted through without their holiday schedule (the office is warned). */
    noticeUncoveredYears: { type: 'list', items: { type: 'number' } },
    /** Files the office attached (functions/services/call-attachments.ts); the public sees those marked public. */
    attachments: { type: 'any' },
    ...sweepAttributes,
    version: { type: 'number', required: true, default: 1 },
    createdBy: { type: 'string', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string' },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['callId'] }, sk: { field: 'sk', composite: [] } },
    allCalls: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: [] },
      sk: { field: 'gsi1sk', composite: ['opensAt', 'callId'] },
    },
  },
});

/** How many declarations a district has recommended in a call; the cap is a condition on it. */
export const districtRecommendations = new Entity({
  model: { entity: 'districtcount', version: '1', service },
  attributes: {
    callId: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    recommended: { type: 'number' },
  },
  indexes: {
    byCallAndDistrict: { pk: { field: 'pk', composite: ['callId', 'districtId'] }, sk: { field: 'sk', composite: [] } },
  },
});

/** An objection (异议) filed during a call's public notice, and how the office handled it. */
export const objection = new Entity({
  model: { entity: 'objection', version: '1', service },
  attributes: {
    objectionId: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    declarationId: { type: 'string', required: true },
    filedBy: { type: 'string', required: true },
    realName: { type: 'string', required: true },
    /** For an objection from the public (model/public.ts): the confirmed contact, for the office only, and its receipt. */
    contact: { type: 'string' },
    receipt: { type: 'string' },
    reason: { type: 'string', required: true },
    evidence: { type: 'string' },
    /** Files a public objector uploaded as evidence (functions/services/objection-evidence.ts): for the office only. */
    evidenceFiles: { type: 'any' },
    status: { type: ['open', 'upheld', 'dismissed'] as const, required: true },
    handledBy: { type: 'string' },
    handledAt: { type: 'string' },
    note: { type: 'string' },
    filedAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['objectionId'] }, sk: { field: 'sk', composite: [] } },
    byCall: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['callId'] },
      sk: { field: 'gsi1sk', composite: ['filedAt', 'objectionId'] },
    },
  },
});
