import { createRoute, z } from '@hono/zod-openapi';
import { formJsonSchema, formOf } from '../../../core/form-definition';
import { callView, configOf } from '../../services/calls';
import { optionalActor } from '../auth';
import { router } from '../router';
import { bearer, idParam, json, problemResponses } from '../schemas';

/**
 * A declaration's `fields` differ per call (its kind's form, issue 20): the OpenAPI document
 * cannot list them, so each call describes its own as a JSON Schema, from the same definition the
 * API judges them by.
 */
export const declarationSchema = router().openapi(
  createRoute({
    method: 'get',
    path: '/calls/{callId}/declaration-schema',
    summary:
      'The JSON Schema (2020-12) of a complete declaration’s `fields` under this call’s form: one property per field, with its label (title, in Chinese), type, bounds, options and unit; money in 分 (元 × 100), a table as an array of rows. A draft may leave any field out. Public',
    security: [{}, ...bearer],
    middleware: [optionalActor] as const,
    request: { params: z.object({ callId: idParam('callId') }) },
    responses: {
      200: json(z.record(z.string(), z.unknown()).openapi('DeclarationFieldsSchema'), 'the JSON Schema of `fields`'),
      ...problemResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const call = await callView(c.get('actor'), c.req.valid('param').callId);
    return c.json(formJsonSchema(formOf(configOf(call))) as Record<string, unknown>, 200);
  },
);
