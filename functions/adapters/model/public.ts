import { Entity } from 'electrodb';
import { service } from './common';

/**
 * An objection asked for by someone without an account (issue 22.4), keyed by its receipt number
 * (回执号, random and unguessable: the one thing that lets its holder read the result). It holds
 * the code sent to the contact (as a hash) until confirmed; confirmed, it points at the objection
 * the office handles. An unconfirmed request expires with DynamoDB's TTL a day after its code.
 */
export const objectionRequest = new Entity({
  model: { entity: 'objectionrequest', version: '1', service },
  attributes: {
    receipt: { type: 'string', required: true },
    callId: { type: 'string', required: true },
    declarationId: { type: 'string', required: true },
    realName: { type: 'string', required: true },
    contact: { type: 'string', required: true },
    contactKind: { type: ['mobile', 'email'] as const, required: true },
    reason: { type: 'string', required: true },
    evidence: { type: 'string' },
    /** Evidence files uploaded before confirming (functions/services/objection-evidence.ts); carried to the objection. */
    evidenceFiles: { type: 'any' },
    status: { type: ['unconfirmed', 'filed'] as const, required: true },
    codeHash: { type: 'string', required: true },
    codeExpiresAt: { type: 'string', required: true },
    attempts: { type: 'number', required: true },
    objectionId: { type: 'string' },
    requestedAt: { type: 'string', required: true },
    filedAt: { type: 'string' },
    /** The table's TTL attribute, epoch seconds: while unconfirmed, when DynamoDB may delete it; removed once filed. */
    expiresAt: { type: 'number' },
  },
  indexes: {
    byReceipt: { pk: { field: 'pk', composite: ['receipt'] }, sk: { field: 'sk', composite: [] } },
  },
});
