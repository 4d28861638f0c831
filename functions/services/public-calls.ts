import { materialsOf } from '../../core/form-definition';
import type { CallConfig } from '../../core/kinds';
import { store, type CallItem } from '../adapters/entities';
import { attachmentsOf } from './call-attachments';
import { configOf, getCall } from './calls';
import { openCursor, pageFrom, sealCursor, type Listing } from './cursors';
import { withKindNames } from './call-kinds';

/**
 * Open calls as the public reads them (issue 22.4): the title, kind, window, the guidelines
 * (申报指南), the materials asked for and the files the office attached as public. Nothing else of
 * the call's configuration or bookkeeping.
 */
export function publicCallView(call: CallItem) {
  const config = configOf(call) as CallConfig;
  return {
    callId: call.callId,
    title: call.title,
    kind: call.kind,
    kindName: call.kindNameZh ?? call.kind,
    year: call.year,
    batch: call.batch,
    status: call.status,
    opensAt: call.opensAt,
    closesAt: call.closesAt,
    quota: call.quota,
    guidelines: config.guidelines ?? '',
    materials: materialsOf(config).map((m) => ({ labelZh: m.labelZh, required: m.required })),
    attachments: attachmentsOf(call)
      .filter((a) => a.public)
      .map((a) => ({
        attachmentId: a.attachmentId,
        fileName: a.fileName,
        contentType: a.contentType,
        sizeBytes: a.sizeBytes,
        href: `/public/calls/${call.callId}/attachments/${a.attachmentId}`,
      })),
  };
}
export type PublicCall = ReturnType<typeof publicCallView>;

const openCalls: Listing = { list: 'public-open-calls', caller: 'public', index: 'gsi1' };

/** The calls taking declarations now, newest first: one Query of the calls' index, filtered on the status. */
export async function listOpenCalls(options: { limit: number; cursor?: string | undefined }) {
  const from = openCursor(openCalls, options.cursor);
  const { data, cursor } = await pageFrom(from, () =>
    store()
      .entities.call.query.allCalls({})
      .where(({ status }, { eq }) => eq(status, 'open'))
      .go({ limit: options.limit, cursor: from ?? null, order: 'desc' }),
  );
  const calls = await Promise.all(data.map(withKindNames));
  return { items: calls.map(publicCallView), cursor: sealCursor(openCalls, cursor) };
}

/** One call as the public reads it (any status: a notice or result page links back to it). */
export async function publicCallOf(callId: string) {
  return publicCallView(await getCall(callId));
}
