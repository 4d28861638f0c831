import { Entity } from 'electrodb';
import { service } from './common';

/**
 * How many declarations are counted against an organisation or a street in a call (`scope`:
 * `organisation:<id>` or `street:<id>`). A submission adds one on the condition that the cap is not
 * reached, in the submission's own transaction, so concurrent submissions cannot overshoot it.
 */
export const eligibilityCount = new Entity({
  model: { entity: 'eligibilitycount', version: '1', service },
  attributes: {
    callId: { type: 'string', required: true },
    scope: { type: 'string', required: true },
    counted: { type: 'number' },
  },
  indexes: {
    byCallAndScope: { pk: { field: 'pk', composite: ['callId', 'scope'] }, sk: { field: 'sk', composite: [] } },
  },
});

/**
 * A title (命名) an organisation holds under a kind, until `validUntil`: what the rule "already
 * named, within its validity, may not declare again" reads with one keyed get. Written when the
 * title is conferred; a later naming under the same kind replaces it.
 */
export const title = new Entity({
  model: { entity: 'title', version: '1', service },
  attributes: {
    kind: { type: 'string', required: true },
    organisationId: { type: 'string', required: true },
    titleZh: { type: 'string', required: true },
    declarationId: { type: 'string', required: true },
    namedAt: { type: 'string', required: true },
    validUntil: { type: 'string', required: true },
    /** 文号 and standing (core/titles.ts); absent on titles named before issue 21.5. */
    number: { type: 'string' },
    status: { type: ['valid', 'rectifying', 'revoked', 'expired'] as const },
  },
  indexes: {
    byKindAndOrganisation: { pk: { field: 'pk', composite: ['kind', 'organisationId'] }, sk: { field: 'sk', composite: [] } },
  },
});

/**
 * The last 文号 sequence issued in a year under a pattern (core/titles.ts): a naming takes the next
 * one in its own transaction, on the condition that nobody took it meanwhile, so numbers are never
 * duplicated nor skipped.
 */
export const titleCounter = new Entity({
  model: { entity: 'titlecounter', version: '1', service },
  attributes: {
    year: { type: 'number', required: true },
    pattern: { type: 'string', required: true },
    seq: { type: 'number', required: true },
  },
  indexes: {
    byYearAndPattern: { pk: { field: 'pk', composite: ['year', 'pattern'] }, sk: { field: 'sk', composite: [] } },
  },
});
