import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { issueCode } from './problem-codes';

export const PHONE_FORMAT = 'a Chinese phone number: an 11-digit mobile, or a fixed line with its area code such as 021-5555 0101';

/**
 * A contact phone in China, judged by libphonenumber's full metadata (the small one takes any
 * 10 digits for a number): mobiles and fixed lines with their area code, written as people write
 * them (spaces, dashes, brackets, +86).
 */
export function isChinesePhone(value: string): boolean {
  const number = parsePhoneNumberFromString(value, 'CN');
  return number !== undefined && number.country === 'CN' && number.isValid();
}

export const phone = z
  .string()
  .trim()
  .max(30)
  .refine(isChinesePhone, { message: PHONE_FORMAT, ...issueCode('not-a-phone') });

/** A mainland mobile (the only numbers a text message reaches), however it is written. */
export function isChineseMobile(value: string): boolean {
  const number = parsePhoneNumberFromString(value, 'CN');
  return number !== undefined && number.country === 'CN' && number.isValid() && number.getType() === 'MOBILE';
}

/** The mobile in E.164 (+86…), the form SMS gateways take; undefined for anything not a Chinese mobile. */
export function mobileE164(value: string): string | undefined {
  return isChineseMobile(value) ? parsePhoneNumberFromString(value, 'CN')!.number : undefined;
}
