import { readFileSync } from 'node:fs';
import { parsePhoneNumberFromString as parseWithFullMetadata } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { isChineseMobile, isChinesePhone, mobileE164, phone } from '../../core/phone';
import { chinaMetadataFile, extractedChinaMetadata } from '../../scripts/phone-metadata';

/** The answers core/phone.ts gave with the whole world's metadata (libphonenumber-js/max), before it was cut to China. */
const full = (value: string) => {
  const number = parseWithFullMetadata(value, 'CN');
  const phone = number !== undefined && number.country === 'CN' && number.isValid();
  const mobile = phone && number.getType() === 'MOBILE';
  return { phone, mobile, e164: mobile ? number.number : undefined };
};
const cut = (value: string) => ({ phone: isChinesePhone(value), mobile: isChineseMobile(value), e164: mobileE164(value) });

// Mobiles, fixed lines with their area code (区号) as people write them, service numbers, and
// what is not a Chinese phone: too short, too long, a wrong prefix, other countries and regions.
const table: [string, 'mobile' | 'fixed' | 'no'][] = [
  ['13800138000', 'mobile'],
  ['138 0013 8000', 'mobile'],
  ['138-0013-8000', 'mobile'],
  ['+86 138 0013 8000', 'mobile'],
  ['+8613800138000', 'mobile'],
  ['008613800138000', 'mobile'],
  ['(+86) 139-1234-5678', 'mobile'],
  ['15912345678', 'mobile'],
  ['18612345678', 'mobile'],
  ['19912345678', 'mobile'],
  ['17012345678', 'mobile'],
  ['021-5555 0101', 'fixed'],
  ['02155550101', 'fixed'],
  ['(021) 5555-0101', 'fixed'],
  ['+86 21 5555 0101', 'fixed'],
  ['010-6552 9988', 'fixed'],
  ['(0755) 8888 6666', 'fixed'],
  ['0571-8888 6666', 'fixed'],
  ['028-8555 1234', 'fixed'],
  ['0898-6666 8888', 'fixed'],
  ['0991-6123456', 'fixed'],
  ['0371-6555 1234', 'fixed'],
  ['400-810-8888', 'fixed'],
  ['5555 0101', 'no'],
  ['12345', 'no'],
  ['95555', 'no'],
  ['1380013800', 'no'],
  ['138001380001', 'no'],
  ['12012345678', 'no'],
  ['10012345678', 'no'],
  ['021-555', 'no'],
  ['000-0000 0000', 'no'],
  ['+852 2123 4567', 'no'],
  ['+852 9123 4567', 'no'],
  ['+853 2888 8888', 'no'],
  ['+886 2 2345 6789', 'no'],
  ['+886 912 345 678', 'no'],
  ['+1 212 555 0101', 'no'],
  ['+44 20 7946 0958', 'no'],
  ['+800 1234 5678', 'no'],
  ['00852 2123 4567', 'no'],
  ['abc', 'no'],
  ['', 'no'],
];

describe('the phone check, with libphonenumber-js’s metadata cut to mainland China', () => {
  it('is the package’s own full metadata for China, nothing added or changed (scripts/phone-metadata.ts rewrites it)', () => {
    expect(JSON.parse(readFileSync(chinaMetadataFile, 'utf8'))).toEqual(extractedChinaMetadata());
  });

  it.each(table)('answers %s as the whole world’s metadata does (%s)', (value, kind) => {
    expect(cut(value)).toEqual(full(value));
    expect({ phone: cut(value).phone, mobile: cut(value).mobile }).toEqual({ phone: kind !== 'no', mobile: kind === 'mobile' });
  });

  it('gives the mobile in E.164, and the schema trims and names the rule', () => {
    expect(mobileE164(' +86 (138) 0013-8000 ')).toBe('+8613800138000');
    expect(phone.safeParse(' 021-5555 0101 ')).toEqual({ success: true, data: '021-5555 0101' });
    expect(phone.safeParse('+852 2123 4567').success).toBe(false);
  });
});
