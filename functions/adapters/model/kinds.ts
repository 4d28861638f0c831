import { Entity } from 'electrodb';
import { service } from './common';

/** A kind (项目类型) as the office's data (issue 20): its names as of its latest version, and how many versions it has. */
export const kind = new Entity({
  model: { entity: 'kind', version: '1', service },
  attributes: {
    key: { type: 'string', required: true },
    nameZh: { type: 'string', required: true },
    nameEn: { type: 'string', required: true },
    latestVersion: { type: 'number', required: true },
    status: { type: ['active', 'retired'] as const, required: true, default: 'active' },
    createdBy: { type: 'string', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string' },
  },
  indexes: {
    byKey: { pk: { field: 'pk', composite: ['key'] }, sk: { field: 'sk', composite: [] } },
    allKinds: { index: 'gsi1', pk: { field: 'gsi1pk', composite: [] }, sk: { field: 'gsi1sk', composite: ['key'] } },
  },
});

/**
 * One version of a kind: its definition (core/kind-definition.ts). `inUse` is set in the transaction
 * that creates the first call of it, and from then on the definition never changes; `revision`
 * counts edits, so a call is never made from a definition edited between its read and its write.
 */
export const kindVersion = new Entity({
  model: { entity: 'kindversion', version: '1', service },
  attributes: {
    key: { type: 'string', required: true },
    version: { type: 'number', required: true },
    definition: { type: 'any', required: true },
    inUse: { type: 'boolean', required: true, default: false },
    revision: { type: 'number', required: true, default: 1 },
    note: { type: 'string' },
    createdBy: { type: 'string', required: true },
    createdByName: { type: 'string' },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string' },
  },
  indexes: {
    byVersion: { pk: { field: 'pk', composite: ['key'] }, sk: { field: 'sk', composite: ['version'] } },
  },
});
