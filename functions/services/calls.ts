import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors';
import type { Actor } from '../../core/identity';
import { newId } from '../../core/ids';
import { kindPresets } from '../../core/kinds';
import type { CreateCallInput } from '../../core/schemas';
import { clock } from '../adapters/clock';
import { store, type CallItem } from '../adapters/entities';

export function requireCityAdmin(actor: Actor): void {
  if (actor.role !== 'city-admin') throw new ForbiddenError('only the city office may do this');
}

export async function createCall(actor: Actor, input: CreateCallInput): Promise<CallItem> {
  requireCityAdmin(actor);
  if (Date.parse(input.closesAt) <= Date.parse(input.opensAt)) {
    throw new ValidationError([{ field: 'body.closesAt', message: 'must be after opensAt' }]);
  }
  const preset = kindPresets[input.kind];
  const now = clock().now();
  const item: CallItem = {
    callId: newId('call', now.getTime()),
    kind: input.kind,
    year: input.year,
    batch: input.batch,
    title: input.title,
    opensAt: new Date(input.opensAt).toISOString(),
    closesAt: new Date(input.closesAt).toISOString(),
    quota: input.quota ?? preset.quota,
    deadlines: { ...preset.deadlines, ...input.deadlines },
    constructionMonths: preset.constructionMonths,
    createdBy: actor.username,
    createdAt: now.toISOString(),
  };
  await store().entities.call.create(item).go();
  return item;
}

export async function getCall(callId: string): Promise<CallItem> {
  const { data } = await store().entities.call.get({ callId }).go();
  if (!data) throw new NotFoundError(`call ${callId} not found`);
  return data;
}

export async function listCalls(options: { limit: number; cursor?: string }) {
  const { data, cursor } = await store()
    .entities.call.query.allCalls({})
    .go({ limit: options.limit, cursor: options.cursor ?? null, order: 'desc' });
  return { items: data, cursor };
}

export function isOpenForSubmission(call: CallItem, now: Date): boolean {
  return Date.parse(call.opensAt) <= now.getTime() && now.getTime() <= Date.parse(call.closesAt);
}
