import { z } from 'zod';
import type { FieldProblem } from './errors';
import { problemAt } from './errors';
import { coded } from './problem-codes';
import type { ProjectStage } from './projects';
import { personText } from './text';

/**
 * Files on a project's reports (issue 21.3): the mid-term report, its rectification, the
 * acceptance application, its rectification and a site visit each carry uploaded materials,
 * and the kind lists which ones it asks for and which of them are required.
 */
const KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;
const reportMaterial = z.strictObject({
  key: z.string().regex(KEY, 'a key is a lower-camel-case word of at most 40 letters and digits'),
  labelZh: personText(100),
  labelEn: personText(100),
  required: z.boolean(),
});
const materialList = z.array(reportMaterial).max(20).optional();

/** The kind's lists, by what they are for; a list absent asks for nothing (the kinds stored before it). */
export const reportMaterialsDefinition = z.strictObject({
  midtermReport: materialList,
  /** Both rectifications, the mid-term's and the acceptance's. */
  rectification: materialList,
  acceptanceApplication: materialList,
  siteVisit: materialList,
});
export type ReportMaterialsDefinition = z.infer<typeof reportMaterialsDefinition>;
export type ReportMaterialSpec = z.infer<typeof reportMaterial>;
export const reportMaterialLists = ['midtermReport', 'rectification', 'acceptanceApplication', 'siteVisit'] as const;

/** A report a project's files belong to, as the path names it; each reads the kind's list and is filled in its stages. */
export const projectReports = {
  'midterm-report': { list: 'midtermReport', stages: ['midterm_report'], by: 'applicant', zh: '中期报告' },
  'midterm-rectification': { list: 'rectification', stages: ['midterm_rectification'], by: 'applicant', zh: '中期整改报告' },
  'acceptance-application': { list: 'acceptanceApplication', stages: ['acceptance_application'], by: 'applicant', zh: '验收申请' },
  'acceptance-rectification': { list: 'rectification', stages: ['acceptance_rectification'], by: 'applicant', zh: '验收整改报告' },
  'site-visit': {
    list: 'siteVisit',
    stages: ['acceptance_assignment', 'acceptance_review', 'acceptance_decision', 'acceptance_rectification'],
    by: 'city-admin',
    zh: '实地考察',
  },
} as const satisfies Record<
  string,
  { list: (typeof reportMaterialLists)[number]; stages: readonly ProjectStage[]; by: 'applicant' | 'city-admin'; zh: string }
>;
export type ProjectReportName = keyof typeof projectReports;
export const projectReportNames = Object.keys(projectReports) as ProjectReportName[];
export const isProjectReport = (name: string): name is ProjectReportName => Object.hasOwn(projectReports, name);

/** A report task's files: the task kind with `-` for `_` (midterm_report → midterm-report). */
export const reportOfTask = (kind: string): ProjectReportName | undefined => {
  const name = kind.replaceAll('_', '-');
  return isProjectReport(name) ? name : undefined;
};

/** What the kind asks for on this report (none if the kind lists nothing). */
export const materialsAskedFor = (definition: ReportMaterialsDefinition | undefined, report: ProjectReportName) =>
  definition?.[projectReports[report].list] ?? [];

/** A file recorded on a project's report. */
export interface ReportMaterialRecord {
  key: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
  by: string;
}
export type ProjectReportMaterials = Partial<Record<ProjectReportName, ReportMaterialRecord[]>>;

/** Each required material of the report not yet uploaded, at `materials.<key>`, named in Chinese. */
export function missingReportMaterials(
  definition: ReportMaterialsDefinition | undefined,
  report: ProjectReportName,
  uploaded: ProjectReportMaterials | undefined,
): FieldProblem[] {
  const have = new Set((uploaded?.[report] ?? []).map((m) => m.key));
  return materialsAskedFor(definition, report)
    .filter((m) => m.required && !have.has(m.key))
    .map((m) =>
      problemAt(
        `body.materials.${m.key}`,
        `required: upload the material ${m.labelZh} (${m.labelEn}) first`,
        coded('report-material-missing', { label: m.labelZh, report: projectReports[report].zh }),
      ),
    );
}

/** Duplicate keys within one list, each at its own place. */
export function reportMaterialsProblems(definition: ReportMaterialsDefinition | undefined) {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const list of reportMaterialLists) {
    const seen = new Set<string>();
    (definition?.[list] ?? []).forEach((m, index) => {
      if (seen.has(m.key)) problems.push({ path: ['reportMaterials', list, index, 'key'], message: `duplicate key ${m.key}` });
      seen.add(m.key);
    });
  }
  return problems;
}
