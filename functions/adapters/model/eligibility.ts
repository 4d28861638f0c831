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
  },
  indexes: {
    byKindAndOrganisation: { pk: { field: 'pk', composite: ['kind', 'organisationId'] }, sk: { field: 'sk', composite: [] } },
  },
});
