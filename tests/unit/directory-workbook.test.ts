import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors';
import { directoryTemplate, readDirectoryWorkbook } from '../../functions/services/directory-workbook';

/** The template as an office member fills it in Excel: rows typed under the headers, one e-mail as a link. */
async function filledTemplate(edit?: (book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await directoryTemplate([{ name: '老年教育' }])) as unknown as ArrayBuffer);
  book.getWorksheet('组织机构')!.addRow(['甲区社区教育主管部门', '甲区', '区县', '主管部门', '某市终身教育办公室']);
  book
    .getWorksheet('人员账号')!
    .addRow([
      'district-a',
      '甲区审核员',
      '区县审核员',
      '甲区社区教育主管部门',
      { text: 'a@example.cn', hyperlink: 'mailto:a@example.cn' },
      13800000002,
    ]);
  book.getWorksheet('评审专家')!.addRow(['expert-1', '老年教育', '教授', '', new Date('2027-01-10T00:00:00Z')]);
  edit?.(book);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('the directory workbook', () => {
  it('offers a Chinese template with notes, drop-downs and the specialty list', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await directoryTemplate([{ name: '老年教育' }, { name: '财务' }])) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['填写说明', '组织机构', '人员账号', '评审专家', '专业领域列表']);
    const organisations = book.getWorksheet('组织机构')!;
    expect(organisations.getRow(1).getCell(3).value).toBe('层级');
    expect(String(organisations.getRow(1).getCell(1).note)).toContain('必填');
    expect(organisations.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"市,区县,街道乡镇,村居教学点"'] });
    expect(organisations.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(book.getWorksheet('专业领域列表')!.getColumn(1).values.slice(1)).toEqual(['专业领域', '老年教育', '财务']);
  });

  it('reads the rows back as text by column, with their row numbers', async () => {
    const input = await readDirectoryWorkbook(await filledTemplate());
    expect(input.headerProblems).toEqual([]);
    expect(input.organisations).toEqual([
      {
        row: 2,
        cells: expect.objectContaining({
          name: '甲区社区教育主管部门',
          shortName: '甲区',
          level: '区县',
          type: '主管部门',
          parent: '某市终身教育办公室',
          creditCode: '',
        }),
      },
    ]);
    expect(input.people[0]!.cells).toMatchObject({ username: 'district-a', email: 'a@example.cn', mobile: '13800000002' });
    expect(input.experts[0]).toMatchObject({
      row: 2,
      cells: { username: 'expert-1', specialties: '老年教育', title: '教授', conflicts: '', unavailable: '2027-01-10' },
    });
  });

  it('names a renamed or missing header', async () => {
    const bytes = await filledTemplate((book) => {
      book.getWorksheet('人员账号')!.getRow(1).getCell(3).value = '职务';
    });
    expect((await readDirectoryWorkbook(bytes)).headerProblems).toEqual([
      { sheet: 'people', column: '职务', problem: 'unknown-column' },
      { sheet: 'people', column: '角色', problem: 'missing-column' },
    ]);
  });

  it('refuses a file that is not a workbook at body.file', async () => {
    const refusal = await readDirectoryWorkbook(new TextEncoder().encode('name,level\n甲区,区县')).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).errors[0]!.field).toBe('body.file');
  });
});
