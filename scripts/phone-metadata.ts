/**
 * Writes core/phone-metadata.cn.json: libphonenumber-js's own full ("max") metadata cut to
 * mainland China, the one country core/phone.ts accepts (about 5 KB where the whole world's is
 * 150 KB in every bundle). Run it after upgrading libphonenumber-js; tests/unit/phone.test.ts
 * fails while the committed file differs from what this extracts from the installed package.
 *
 *   npx tsx scripts/phone-metadata.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataJson } from 'libphonenumber-js/core';
import max from 'libphonenumber-js/metadata.max.json';

export const chinaMetadataFile = join(import.meta.dirname, '..', 'core', 'phone-metadata.cn.json');

/** The metadata with mainland China alone: its calling code, its numbering plan, no other country. */
export function chinaOnlyMetadata(full: MetadataJson): MetadataJson {
  const { countries, country_calling_codes } = full as unknown as {
    countries: Record<string, unknown>;
    country_calling_codes: Record<string, string[]>;
  };
  return {
    ...full,
    country_calling_codes: { 86: country_calling_codes['86'] },
    countries: { CN: countries.CN },
    nonGeographic: {},
  } as MetadataJson;
}

/** What the committed file should hold, from the installed package. */
export const extractedChinaMetadata = (): MetadataJson => chinaOnlyMetadata(max as unknown as MetadataJson);

if (process.argv[1] === import.meta.filename) {
  writeFileSync(chinaMetadataFile, `${JSON.stringify(extractedChinaMetadata(), null, 2)}\n`);
  console.log(`wrote ${chinaMetadataFile}`);
}
