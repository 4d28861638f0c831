import { describe, expect, it } from 'vitest';
import { uploadProblems } from '../../core/materials';
import { sniff } from '../../functions/adapters/sniff';
import { SNIFF_BYTES } from '../../functions/services/materials';
import { docx, exe, ole2, plainZip, xlsx } from '../support/documents';

const judge = async (fileName: string, bytes: Uint8Array) =>
  uploadProblems('body.materials.budget', {
    fileName,
    contentType: '',
    sizeBytes: bytes.byteLength,
    sniffed: await sniff(bytes.subarray(0, SNIFF_BYTES)),
  });

describe('materials judged by their content (file-type), not two bytes', () => {
  it('accepts real Word and Excel files, old (OLE2) and new (OOXML)', async () => {
    expect(await judge('申报书.docx', await docx())).toEqual([]);
    expect(await judge('预算.xlsx', await xlsx())).toEqual([]);
    expect(await judge('申报书.doc', ole2())).toEqual([]);
    expect(await judge('预算.xls', ole2())).toEqual([]);
  });

  it('refuses an executable named .doc or .xls, a plain ZIP named .docx, and one office format named as the other', async () => {
    expect(await judge('a.doc', exe())).toEqual([
      expect.objectContaining({ code: 'material-content-mismatch', params: { extension: 'doc', found: 'exe' } }),
    ]);
    expect(await judge('a.xls', exe())).toEqual([
      expect.objectContaining({ code: 'material-content-mismatch', params: { extension: 'xls', found: 'exe' } }),
    ]);
    expect(await judge('a.docx', await plainZip())).toEqual([expect.objectContaining({ params: { extension: 'docx', found: 'zip' } })]);
    expect(await judge('a.docx', new TextEncoder().encode('PK'))).toEqual([expect.objectContaining({ params: { extension: 'docx' } })]);
    expect(await judge('a.xlsx', await docx())).toEqual([expect.objectContaining({ params: { extension: 'xlsx', found: 'docx' } })]);
    expect(await judge('a.docx', ole2())).toEqual([expect.objectContaining({ params: { extension: 'docx', found: 'cfb' } })]);
  });

  it('judges a document larger than the window it reads, from its first bytes', async () => {
    const big = new Uint8Array(SNIFF_BYTES * 3);
    big.set(await docx());
    expect((await sniff(big.subarray(0, SNIFF_BYTES)))?.ext).toBe('docx');
    expect(await sniff(new TextEncoder().encode('PK\x03\x04 a zip cut short'))).toBeDefined();
  });
});
