import type { KindDefinition } from '../../core/kind-definition';
import { seededKind } from '../../local/kind-seeds';
import type { projects } from './project';

export const requiredFile = (key: string, labelZh: string) => ({ key, labelZh, labelEn: key, required: true });
/** The start and end of a PDF: what the sniffer needs to call it one. */
export const pdf = () => new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** The elder-empowerment kind as the office makes it with files required on its reports (issue 21.3). */
export async function evidenceKind(p: ReturnType<typeof projects>, key: string) {
  const definition: KindDefinition = {
    ...structuredClone(seededKind('elder-empowerment')),
    reportMaterials: {
      midtermReport: [requiredFile('progressEvidence', '中期进展佐证材料')],
      acceptanceApplication: [requiredFile('finalReport', '建设总结报告'), { ...requiredFile('photos', '活动照片'), required: false }],
      siteVisit: [requiredFile('visitRecord', '实地考察记录表')],
    },
  };
  p.ok(await p.api.as('admin').post('/kinds', { key, definition }), 201);
  return { key, definition };
}
