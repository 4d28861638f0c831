import { Entity } from 'electrodb';
import { organisationLevels, organisationTypes } from '../../../core/organisations';
import { service } from './common';

/**
 * An organisation of the network (DOMAIN.md: city → district → street/township → teaching point),
 * or an expert's employer. Never deleted: a retired one keeps its id and name, since declarations,
 * tasks and history keep pointing at it. `version` is bumped by every write, so a rename or a move
 * made from a stale copy is told apart by a condition.
 */
export const organisation = new Entity({
  model: { entity: 'organisation', version: '1', service },
  attributes: {
    organisationId: { type: 'string', required: true },
    name: { type: 'string', required: true },
    shortName: { type: 'string' },
    level: { type: organisationLevels, required: true },
    type: { type: organisationTypes, required: true },
    parentId: { type: 'string' },
    /** The parent's id, or `-` for the city: the children index needs a key for the top too. */
    under: { type: 'string', required: true },
    /** The district it belongs to (itself at district level); `-` for the city. */
    districtId: { type: 'string', required: true },
    contact: {
      type: 'map',
      properties: { name: { type: 'string' }, phone: { type: 'string' }, email: { type: 'string' } },
    },
    /** 统一社会信用代码, checked with core/organisations.ts isCreditCode where it is written. */
    creditCode: { type: 'string' },
    status: { type: ['active', 'retired'] as const, required: true },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    createdBy: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
    updatedBy: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['organisationId'] }, sk: { field: 'sk', composite: [] } },
    /** A parent's children (the tree a level at a time), by name. */
    byParent: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['under'] },
      sk: { field: 'gsi1sk', composite: ['name', 'organisationId'] },
    },
    /** A district's organisations, level by level (its bureau's list). */
    byDistrict: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['districtId'] },
      sk: { field: 'gsi2sk', composite: ['level', 'name', 'organisationId'] },
    },
    /** The whole network by name, for the city office's tree and search: a few hundred items, one partition. */
    all: {
      index: 'gsi3',
      pk: { field: 'gsi3pk', composite: [] },
      sk: { field: 'gsi3sk', composite: ['name', 'organisationId'] },
    },
  },
});

/**
 * What no two organisations may share (core/organisations.ts uniquenessKeysOf: the credit code, the
 * name under a parent), held by the one that has it. Written in the same transaction as the
 * organisation, on the condition that it does not exist: of two concurrent creates of one name,
 * one commits and the other is refused.
 */
export const organisationKey = new Entity({
  model: { entity: 'organisationkey', version: '1', service },
  attributes: {
    key: { type: 'string', required: true },
    organisationId: { type: 'string', required: true },
  },
  indexes: {
    byKey: { pk: { field: 'pk', composite: ['key'], casing: 'none' }, sk: { field: 'sk', composite: [] } },
  },
});

/** The key `under` and `districtId` hold where there is no parent or district (the city): index keys cannot be empty. */
export const NO_KEY = '-';

/** An organisation's district as the rules see it: none for the city. */
export const districtOfItem = (item: { districtId: string }): string | undefined =>
  item.districtId === NO_KEY ? undefined : item.districtId;
