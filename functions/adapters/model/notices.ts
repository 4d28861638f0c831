import { Entity } from 'electrodb';
import { resultNoticeKinds, resultNoticeOutcomes } from '../../../core/result-notices';
import { service } from './common';

/**
 * A result notice (立项通知, 验收结果通知, 立项结果公告) in its call's partition: a call's notices
 * are one Query, one notice a Get by its call and its id (core/result-notices.ts), which a
 * conditional create makes issue-once. Organisations and districts are kept by key and named when
 * read, so a renamed centre shows its present name; the wording is fixed when issued.
 */
export const resultNotice = new Entity({
  model: { entity: 'resultnotice', version: '1', service },
  attributes: {
    callId: { type: 'string', required: true },
    noticeId: { type: 'string', required: true },
    kind: { type: resultNoticeKinds, required: true },
    number: { type: 'string', required: true },
    outcome: { type: resultNoticeOutcomes, required: true },
    /** The project's title, or the call's for an announcement. */
    title: { type: 'string', required: true },
    declarationId: { type: 'string' },
    organisationId: { type: 'string' },
    districtId: { type: 'string' },
    reason: { type: 'string' },
    /** An announcement's list: each established project, its organisation and district by key. */
    established: {
      type: 'list',
      items: {
        type: 'map',
        properties: {
          declarationId: { type: 'string', required: true },
          title: { type: 'string', required: true },
          organisationId: { type: 'string', required: true },
          districtId: { type: 'string', required: true },
        },
      },
    },
    issuedAt: { type: 'string', required: true },
    issuedBy: { type: 'string', required: true },
  },
  indexes: {
    byCall: { pk: { field: 'pk', composite: ['callId'] }, sk: { field: 'sk', composite: ['noticeId'] } },
  },
});
