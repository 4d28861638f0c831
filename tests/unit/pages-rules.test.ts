import { describe, expect, it } from 'vitest';
import { median, medianStageTimes, stageDurations } from '../../core/dashboard';
import { MAX_MATERIAL_BYTES, uploadProblems } from '../../core/materials';

const at = (hours: number) => new Date(Date.UTC(2026, 10, 2) + hours * 3600_000).toISOString();

describe('stage times from the audit trail', () => {
  const trail = [
    { at: at(0), toStage: 'draft' },
    { at: at(1), fromStage: 'draft', toStage: 'draft' },
    { at: at(2), fromStage: 'draft', toStage: 'district_review' },
    { at: at(2.5) },
    { at: at(26), fromStage: 'district_review', toStage: 'formal_review' },
    { at: at(30), fromStage: 'formal_review', toStage: 'revision' },
  ];

  it('counts a stage from the move into it to the move out, ignoring edits and events without a move', () => {
    expect(stageDurations(trail)).toEqual([
      { stage: 'draft', ms: 2 * 3600_000 },
      { stage: 'district_review', ms: 24 * 3600_000 },
      { stage: 'formal_review', ms: 4 * 3600_000 },
    ]);
  });

  it('takes the median over declarations, per stage', () => {
    const other = [
      { at: at(0), toStage: 'draft' },
      { at: at(10), fromStage: 'draft', toStage: 'district_review' },
    ];
    const third = [
      { at: at(0), toStage: 'draft' },
      { at: at(4), fromStage: 'draft', toStage: 'district_review' },
    ];
    const medians = medianStageTimes([trail, other, third]);
    expect(medians.draft).toEqual({ medianMs: 4 * 3600_000, count: 3 });
    expect(medians.district_review).toEqual({ medianMs: 24 * 3600_000, count: 1 });
    expect(medians.revision).toBeUndefined();
    expect(median([])).toBeUndefined();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('uploaded materials', () => {
  const field = 'body.materials.budget';
  it('accepts a PDF whose name, type and first bytes agree', () => {
    expect(
      uploadProblems(field, { fileName: '预算表.PDF', contentType: 'application/pdf', sizeBytes: 5, sniffed: { ext: 'pdf' } }),
    ).toEqual([]);
    expect(
      uploadProblems(field, { fileName: 'a.pdf', contentType: 'application/octet-stream', sizeBytes: 5, sniffed: { ext: 'pdf' } }),
    ).toEqual([]);
  });

  it('refuses empty, too large, unknown, mislabelled and disguised files, naming the field', () => {
    const check = (file: Partial<Parameters<typeof uploadProblems>[1]>) =>
      uploadProblems(field, { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 5, sniffed: { ext: 'pdf' }, ...file })[0];
    expect(check({ sizeBytes: 0 })).toEqual({ field, message: 'the file is empty', code: 'material-empty', params: {} });
    expect(check({ sizeBytes: MAX_MATERIAL_BYTES + 1 })?.message).toBe('larger than 20 MB');
    expect(check({ fileName: 'setup.exe' })?.message).toMatch(/^not an accepted type/);
    expect(check({ contentType: 'image/png' })?.message).toMatch(/does not match its name/);
    expect(check({ sniffed: { ext: 'exe' } })).toMatchObject({
      message: 'the content is not a .pdf file (it is a .exe file)',
      params: { extension: 'pdf', found: 'exe' },
    });
    expect(check({ sniffed: undefined })?.message).toBe('the content is not a .pdf file');
  });
});
