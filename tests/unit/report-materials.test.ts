import { describe, expect, it } from 'vitest';
import { kindDefinition } from '../../core/kind-definition';
import { applyAction, draftOf, editorFormOf } from '../../core/kind-editor';
import { missingReportMaterials, reportOfTask } from '../../core/report-materials';
import { sampleKind } from '../support/kind-fixture';

const file = (key: string, required: boolean) => ({ key, labelZh: `材料${key}`, labelEn: key, required });
const uploaded = (key: string) => ({ key, fileName: `${key}.pdf`, contentType: 'application/pdf', sizeBytes: 1, uploadedAt: '', by: 'a' });

describe('report files a kind asks for (issue 21.3)', () => {
  it('names each required file not uploaded, in the report it belongs to; optional ones and other reports are not asked', () => {
    const asked = { midtermReport: [file('a', true), file('b', true), file('c', false)], rectification: [file('r', true)] };
    expect(missingReportMaterials(asked, 'midterm-report', { 'midterm-report': [uploaded('b')] })).toEqual([
      expect.objectContaining({
        field: 'body.materials.a',
        code: 'report-material-missing',
        params: { label: '材料a', report: '中期报告' },
      }),
    ]);
    // Both rectifications read the one list.
    expect(missingReportMaterials(asked, 'acceptance-rectification', {}).map((p) => p.field)).toEqual(['body.materials.r']);
    expect(missingReportMaterials(asked, 'acceptance-application', undefined)).toEqual([]);
    expect(missingReportMaterials(undefined, 'midterm-report', undefined)).toEqual([]);
    expect(reportOfTask('midterm_rectification')).toBe('midterm-rectification');
    expect(reportOfTask('midterm_review')).toBeUndefined();
  });

  it('a kind without the member still parses; a duplicate key within a list is refused at it', () => {
    expect(kindDefinition.parse(sampleKind).reportMaterials).toBeUndefined();
    const twice = kindDefinition.safeParse({ ...sampleKind, reportMaterials: { siteVisit: [file('x', true), file('x', false)] } });
    expect(twice.success).toBe(false);
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['reportMaterials.siteVisit.1.key']);
  });

  it('the kind editor adds a file to a report’s list and gives the lists back as posted', () => {
    const added = applyAction(draftOf(editorFormOf(sampleKind)), 'add-report-material:siteVisit');
    expect(added.reportMaterials).toEqual({ siteVisit: [{ key: '', labelZh: '', labelEn: '', required: true }] });
    expect(applyAction(added, 'add-report-material:nowhere')).toEqual(added);
    const form = {
      ...editorFormOf(added),
      'reportMaterials.siteVisit.0.key': 'visitRecord',
      'reportMaterials.siteVisit.0.labelZh': '考察记录',
    };
    expect(draftOf(form).reportMaterials).toEqual({
      siteVisit: [{ key: 'visitRecord', labelZh: '考察记录', labelEn: '', required: true }],
    });
    const removed = applyAction(draftOf(form), 'remove:reportMaterials.siteVisit.0');
    expect(draftOf(editorFormOf(removed)).reportMaterials).toBeUndefined();
  });
});
