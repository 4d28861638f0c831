import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { call, objection } from '../../functions/adapters/model/calls';
import { acceptanceSheet, auditEvent, declaration, project, scoreSheet, task } from '../../functions/adapters/model/declarations';
import { organisation } from '../../functions/adapters/model/directory';
import { notification } from '../../functions/adapters/model/system';
import { Organisation } from '../../functions/api/routes/organisations';
import { ProjectView } from '../../functions/api/project-schemas';
import { AuditEvent, CallDetail, Declaration, Notification, Objection, Task } from '../../functions/api/schemas';

/**
 * The stored entity (functions/adapters/model) is the one source of each shape; the API's response
 * schema (functions/api/schemas.ts) is checked against it here, member by member, so neither can
 * gain, lose or change a member without the other — or without saying here why they differ.
 */
interface Attribute {
  type: string | readonly string[];
  required?: boolean;
  default?: unknown;
}
interface Pairing {
  attributes: Record<string, Attribute>;
  schema: z.ZodObject;
  /** Kept but never shown: tokens, the hand-kept sparse indexes. */
  storedOnly?: string[];
  /** Worked out for the reader, not stored. */
  viewOnly?: string[];
  /** Absent on older items, always given by the view (it fills the default). */
  filledByView?: string[];
}

const sweepIndex = ['sweepQueue', 'sweepAt'];
const pairings: Record<string, Pairing> = {
  call: { attributes: call.schema.attributes, schema: CallDetail, storedOnly: sweepIndex },
  declaration: { attributes: declaration.schema.attributes, schema: Declaration },
  task: { attributes: task.schema.attributes, schema: Task, storedOnly: ['taskToken', ...sweepIndex], filledByView: ['extensions'] },
  audit: { attributes: auditEvent.schema.attributes, schema: AuditEvent },
  objection: { attributes: objection.schema.attributes, schema: Objection },
  notification: {
    attributes: notification.schema.attributes,
    schema: Notification,
    storedOnly: ['unreadOf', 'unreadSort'],
    viewOnly: ['read'],
  },
  organisation: { attributes: organisation.schema.attributes, schema: Organisation, storedOnly: ['under'] },
  project: {
    attributes: project.schema.attributes,
    schema: ProjectView,
    viewOnly: ['phase', 'stageLabel', 'standing', 'milestoneList', 'kpis', 'openTasks', 'reportMaterialsAsked', 'namedTitle'],
  },
};

/** The zod types a stored attribute's type may be shown as. */
const shownAs: Record<string, string[]> = {
  string: ['string'],
  number: ['number'],
  boolean: ['boolean'],
  list: ['array'],
  map: ['object', 'record'],
};

const unwrap = (schema: z.ZodType): { inner: z.ZodType; optional: boolean } => {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType };
  return def.type === 'optional' ? { inner: def.innerType!, optional: true } : { inner: schema, optional: false };
};

describe('each entity has one shape: the API schemas are checked against the stored entities', () => {
  for (const [name, { attributes, schema, storedOnly = [], viewOnly = [], filledByView = [] }] of Object.entries(pairings)) {
    it(`${name}: the same members, of the same types, required alike`, () => {
      const shape = schema.shape as Record<string, z.ZodType>;
      expect(Object.keys(shape).sort()).toEqual(
        [...Object.keys(attributes).filter((key) => !storedOnly.includes(key)), ...viewOnly].sort(),
      );
      for (const [key, attribute] of Object.entries(attributes)) {
        if (storedOnly.includes(key)) continue;
        const { inner, optional } = unwrap(shape[key]!);
        const type = inner._zod.def.type;
        if (Array.isArray(attribute.type)) {
          expect(type, key).toBe('enum');
          expect([...(inner as z.ZodEnum).options].sort(), key).toEqual([...attribute.type].sort());
        } else if (attribute.type !== 'any') {
          expect(shownAs[attribute.type as string], `${key}: ${attribute.type} shown as ${type}`).toContain(type);
        }
        // What every item has, every reader gets; what an item may lack is optional, unless the view fills it.
        expect(optional, key).toBe(!attribute.required && !filledByView.includes(key));
      }
    });
  }

  it('keeps the two kinds of score sheet in one shape, under the keys the stored sheets already have', () => {
    expect(acceptanceSheet.schema.attributes).toEqual(scoreSheet.schema.attributes);
    const sheet = { declarationId: 'app_1', expert: 'expert-1' };
    expect(scoreSheet.get(sheet).params({ table: 't' }).Key).toEqual({
      pk: '$shenbao#declarationid_app_1',
      sk: '$scoresheet_1#expert_expert-1',
    });
    expect(acceptanceSheet.get(sheet).params({ table: 't' }).Key).toEqual({
      pk: '$shenbao#declarationid_app_1',
      sk: '$acceptancesheet_1#expert_expert-1',
    });
  });
});
