import { parsePhoneNumberFromString as parseWith, type MetadataJson, type PhoneNumber } from 'libphonenumber-js/core';
import { z } from 'zod';
import china from './phone-metadata.cn.json';
import { issueCode } from './problem-codes';

export const PHONE_FORMAT = 'a Chinese phone number: an 11-digit mobile, or a fixed line with its area code such as 021-5555 0101';

/**
 * libphonenumber's full ("max") metadata with mainland China alone, its calling code and numbering
 * plan exactly as the package has them (scripts/phone-metadata.ts extracts it; 5 KB where the
 * whole world's is 150 KB in every bundle). Only China is accepted, and a number of another
 * country is not `CN` with the whole world's metadata either, so the answers are the full
 * metadata's: tests/unit/phone.test.ts holds the file and a table of answers to the package's.
 */
const metadata = china as unknown as MetadataJson;
const parse = (value: string): PhoneNumber | undefined => parseWith(value, 'CN', metadata);

/**
 * A contact phone in China, judged by libphonenumber's full metadata for China (the small one
 * takes any 10 digits for a number): mobiles and fixed lines with their area code, written as
 * people write them (spaces, dashes, brackets, +86).
 */
export function isChinesePhone(value: string): boolean {
  const number = parse(value);
  return number !== undefined && number.country === 'CN' && number.isValid();
}

export const phone = z
  .string()
  .trim()
  .max(30)
  .refine(isChinesePhone, { message: PHONE_FORMAT, ...issueCode('not-a-phone') });

/** A mainland mobile (the only numbers a text message reaches), however it is written. */
export function isChineseMobile(value: string): boolean {
  const number = parse(value);
  return number !== undefined && number.country === 'CN' && number.isValid() && number.getType() === 'MOBILE';
}

/** The mobile in E.164 (+86…), the form SMS gateways take; undefined for anything not a Chinese mobile. */
export function mobileE164(value: string): string | undefined {
  return isChineseMobile(value) ? parse(value)!.number : undefined;
}
