import { Entity } from 'electrodb';
import { service } from './common';

/**
 * The expert pool (专家资源库): who may be drawn, what they know, and where they come from for 回避.
 * One keyed partition (`pool`): a draw reads the pool, never the table. Items stored before the
 * pool had specialties read back without them (no specialty, active): the service fills that in.
 */
export const expert = new Entity({
  model: { entity: 'expert', version: '1', service },
  attributes: {
    username: { type: 'string', required: true },
    displayName: { type: 'string', required: true },
    districtId: { type: 'string', required: true },
    /** The employer (工作单位), an organisation id. */
    organisationId: { type: 'string', required: true },
    /** Codes from the office's specialty list (entity `specialty`). */
    specialties: { type: 'list', items: { type: 'string' } },
    /** 职称, as the expert states it (教授, 高级讲师 …). */
    title: { type: 'string' },
    /** Organisations the expert declared they must not review. */
    declaredConflicts: { type: 'list', items: { type: 'string' } },
    /** China dates (inclusive) the expert cannot take work: [{ from, to }]. */
    unavailable: { type: 'any' },
    active: { type: 'boolean' },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string' },
  },
  indexes: {
    pool: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['username'] } },
  },
});

/** The office's list of specialties (专业领域) a call asks for and an expert is drawn by. */
export const specialty = new Entity({
  model: { entity: 'specialty', version: '1', service },
  attributes: {
    code: { type: 'string', required: true },
    nameZh: { type: 'string', required: true },
    nameEn: { type: 'string' },
    createdAt: { type: 'string', required: true },
  },
  indexes: {
    list: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['code'] } },
  },
});
