import { z } from 'zod';
import { closeCall, closeNotice, establish, failCall, openCall, publishNotice } from '../services/call-steps';
import { stepHandler } from './step';

const event = z.discriminatedUnion('step', [
  z.object({ step: z.literal('open'), callId: z.string().min(1) }),
  z.object({ step: z.literal('close'), callId: z.string().min(1) }),
  z.object({ step: z.literal('publish-notice'), callId: z.string().min(1) }),
  z.object({ step: z.literal('close-notice'), callId: z.string().min(1) }),
  z.object({ step: z.literal('establish'), callId: z.string().min(1) }),
  z.object({
    step: z.literal('failed'),
    callId: z.string().min(1),
    error: z.object({ Error: z.string().optional(), Cause: z.unknown().optional() }).optional(),
  }),
]);

/** One Lambda for the call workflow's steps: each is small, and they share their loading. */
export const handler = stepHandler('CallStep', async (raw: unknown) => {
  const e = event.parse(raw);
  switch (e.step) {
    case 'open':
      return openCall(e.callId);
    case 'close':
      return closeCall(e.callId);
    case 'publish-notice':
      return publishNotice(e.callId);
    case 'close-notice':
      return closeNotice(e.callId);
    case 'establish':
      return establish(e.callId);
    case 'failed':
      await failCall(e.callId, e.error);
      return { ok: true };
  }
});
