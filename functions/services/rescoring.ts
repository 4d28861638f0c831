import { WORKFLOW_ACTOR } from '../../core/identity';
import type { CallConfig } from '../../core/kinds';
import { nothingToRescore, type Rescored, rescored, rescoredText, type StoredScore, type StoredSheet } from '../../core/rescoring';
import { store } from '../adapters/entities';
import { auditItem } from './audit';
import { configOf } from './calls';
import { settingsOfProject } from './projects';
import { declarationsOfCall } from './selection';

export interface RescoringReport {
  /** Declarations looked at (each with its project, if established). */
  checked: number;
  /** Each declaration whose scores changed, and the history's line for it. */
  changed: { declarationId: string; reason: string }[];
  /** Changed meanwhile (a sheet came in, a stage moved): left for the next run. */
  skipped: string[];
}

/**
 * Recomputes every stored expert total and combined score under the current rule (core/rescoring.ts),
 * the selection's (专家评审) and the acceptance's (考核验收), and records old → new in each affected
 * declaration's history. Idempotent: a second run finds nothing to change and writes nothing.
 * Run once after the rule changed: at local start (local/runtime.ts), and on a deployed stage by
 * `scripts/recompute-scores.ts`.
 */
export async function recomputeScores(options: { dryRun?: boolean } = {}): Promise<RescoringReport> {
  const report: RescoringReport = { checked: 0, changed: [], skipped: [] };
  const { data: calls } = await store().entities.call.query.allCalls({}).go({ pages: 'all' });
  for (const call of calls) {
    const config = configOf(call);
    for (const declaration of await declarationsOfCall(call.callId)) {
      report.checked++;
      const { declarationId } = declaration;
      const selection = await rescoreSelection(declarationId, config, declaration.score as StoredScore | undefined, declaration.version);
      const acceptance = declaration.stage === 'approved' ? await rescoreAcceptance(declarationId) : undefined;
      for (const [what, change] of [
        ['专家评审', selection],
        ['考核验收', acceptance],
      ] as const) {
        if (!change || nothingToRescore(change.rescored)) continue;
        const reason = rescoredText(change.rescored, what);
        if (options.dryRun || (await change.write(reason))) report.changed.push({ declarationId, reason });
        else report.skipped.push(declarationId);
      }
    }
  }
  return report;
}

const sheetsOf = (rows: { expert: string; scores: unknown; weighted: number }[]): StoredSheet[] =>
  rows.map((s) => ({ expert: s.expert, scores: s.scores as StoredSheet['scores'], weighted: s.weighted }));

async function rescoreSelection(declarationId: string, config: CallConfig, stored: StoredScore | undefined, version: number) {
  const { data } = await store().entities.scoreSheet.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  return rescoring('selection', declarationId, rescored(config, sheetsOf(data), stored), version);
}

async function rescoreAcceptance(declarationId: string) {
  const { data: project } = await store().entities.project.get({ declarationId }).go({ consistent: true });
  if (!project) return undefined;
  const settings = await settingsOfProject(project);
  const { data } = await store().entities.acceptanceSheet.query.byDeclaration({ declarationId }).go({ pages: 'all' });
  const change = rescored({ rubric: settings.acceptanceRubric, scoring: settings.scoring }, sheetsOf(data), project.score as StoredScore);
  return rescoring('acceptance', declarationId, change, project.version);
}

/**
 * The change and its write: each changed sheet's total, the combined score on the declaration (or
 * project), and the history's event, in one transaction, each only if still as read.
 */
function rescoring(what: 'selection' | 'acceptance', declarationId: string, change: Rescored, version: number) {
  const write = (reason: string) =>
    store()
      .transaction.write((entities) => {
        const sheet = what === 'selection' ? entities.scoreSheet : entities.acceptanceSheet;
        const holder = what === 'selection' ? entities.declaration : entities.project;
        return [
          ...change.sheets.map((s) =>
            sheet
              .patch({ declarationId, expert: s.expert })
              .set({ weighted: s.to })
              .where(({ weighted }, { eq }) => eq(weighted, s.from))
              .commit(),
          ),
          ...(change.score
            ? [
                holder
                  .patch({ declarationId })
                  .set({ score: change.score.to })
                  .add({ version: 1 })
                  .where((a, { eq }) => eq(a.version, version))
                  .commit(),
              ]
            : []),
          entities.auditEvent.create(auditItem({ declarationId, actor: WORKFLOW_ACTOR, action: 'score.recomputed', reason })).commit(),
        ];
      })
      .go()
      .then((result) => !result.canceled);
  return { rescored: change, write };
}
