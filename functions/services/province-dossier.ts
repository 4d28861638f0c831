import { chinaDate } from '../../core/china-time';
import type { Actor } from '../../core/identity';
import { outcomeLabels } from '../../core/labels';
import type { UpdateDeclarationInput } from '../../core/schemas';
import type { AcceptanceOutcome } from '../../core/projects';
import { blobStore, materialKey } from '../adapters/blobs';
import { clock } from '../adapters/clock';
import { store } from '../adapters/entities';
import { getCall, requireCityAdmin } from './calls';
import { namesOf } from './directory';
import { recordsOf } from './incubation';

/**
 * The province recommendation list (择优申报省级) for a year or one call of it, read by key from
 * the listings the acceptance decisions wrote, and the dossier the office sends upward: a workbook
 * of the recommended projects and each one's declaration materials, in one zip.
 */
export async function provinceRecommendations(actor: Actor, query: { year?: number | undefined; callId?: string | undefined }) {
  requireCityAdmin(actor);
  const year = query.callId ? (await getCall(query.callId)).year : (query.year ?? Number(chinaDate(clock().now()).slice(0, 4)));
  const keys = query.callId ? { year, callId: query.callId } : { year };
  const { data: listings } = await store().entities.provinceListing.query.byYear(keys).go({ pages: 'all' });
  if (!listings.length) return { year, ...(query.callId ? { callId: query.callId } : {}), items: [] };
  const ids = listings.map((l) => ({ declarationId: l.declarationId }));
  const db = store().entities;
  const [{ data: projects }, { data: declarations }, counts, names] = await Promise.all([
    db.project.get(ids).go(),
    db.declaration.get(ids).go(),
    Promise.all(listings.map(async (l) => (await recordsOf(l.declarationId)).length)),
    namesOf(listings.flatMap((l) => [`org:${l.organisationId}`, `district:${l.districtId}`])),
  ]);
  const projectOf = new Map(projects.map((p) => [p.declarationId, p]));
  const declarationOf = new Map(declarations.map((d) => [d.declarationId, d]));
  const items = listings.map((l, i) => {
    const project = projectOf.get(l.declarationId);
    const declaration = declarationOf.get(l.declarationId);
    const outcome = (project?.acceptance as { result?: { outcome?: AcceptanceOutcome } } | undefined)?.result?.outcome;
    return {
      ...l,
      organisationName: names(`org:${l.organisationId}`, 'zh'),
      districtName: names(`district:${l.districtId}`, 'zh'),
      selectionScore: scoreOf(declaration?.score),
      acceptanceScore: scoreOf(project?.score),
      acceptanceResult: outcome ?? null,
      acceptanceResultZh: outcome ? outcomeLabels[outcome].zh : '—',
      incubationCount: counts[i]!,
      materials: ((declaration?.materials ?? []) as Material[]).map((m) => ({ key: m.key, fileName: m.fileName })),
    };
  });
  return { year, ...(query.callId ? { callId: query.callId } : {}), items };
}

type Material = NonNullable<UpdateDeclarationInput['materials']>[number];

const scoreOf = (score: unknown): number | null => {
  const combined = (score as { combined?: number | null } | undefined)?.combined;
  return typeof combined === 'number' ? combined : null;
};

type Listed = Awaited<ReturnType<typeof provinceRecommendations>>['items'][number];

/** The dossier: 推荐名单.xlsx and a folder per project (numbered as in the workbook) with its materials. */
export async function provinceDossier(actor: Actor, query: { year?: number | undefined; callId?: string | undefined }) {
  const list = await provinceRecommendations(actor, query);
  // Loaded on the first export only, like the call's workbook.
  const [{ default: ExcelJS }, { default: JSZip }] = await Promise.all([import('exceljs'), import('jszip')]);
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const sheet = book.addWorksheet('省级推荐名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '申报单位', key: 'organisation', width: 28 },
    { header: '所属区', key: 'district', width: 16 },
    { header: '项目名称', key: 'title', width: 32 },
    { header: '评审得分', key: 'selectionScore', width: 10 },
    { header: '验收得分', key: 'acceptanceScore', width: 10 },
    { header: '验收结论', key: 'result', width: 10 },
    { header: '培育记录数', key: 'incubationCount', width: 10 },
    { header: '推荐申报', key: 'recommendedTo', width: 20 },
    { header: '材料目录', key: 'folder', width: 36 },
  ];
  sheet.getRow(1).font = { bold: true };
  const zip = new JSZip();
  const files = blobStore();
  for (const [i, item] of list.items.entries()) {
    const folder = folderOf(i + 1, item);
    sheet.addRow({
      n: i + 1,
      organisation: item.organisationName,
      district: item.districtName,
      title: item.title,
      selectionScore: item.selectionScore,
      acceptanceScore: item.acceptanceScore,
      result: item.acceptanceResultZh,
      incubationCount: item.incubationCount,
      recommendedTo: item.recommendedTo,
      folder,
    });
    for (const m of item.materials) {
      const file = await files.get(materialKey(item.declarationId, m.key));
      if (file) zip.file(`${folder}/${safeName(m.fileName)}`, file.body);
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, list.items.length + 1), column: sheet.columns.length } };
  zip.file('省级推荐名单.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  const scope = query.callId ? `${list.year}-${query.callId}` : `${list.year}`;
  return { fileName: `省级推荐材料-${scope}.zip`, bytes, count: list.items.length };
}

/** A folder name the province can read: number, organisation and title, without path characters (text fields already refuse control characters). */
const folderOf = (n: number, item: Listed) => safeName(`${String(n).padStart(2, '0')}-${item.organisationName}-${item.title}`).slice(0, 80);
const safeName = (name: string) => name.replace(/[\\/:*?"<>|]/g, '_');
