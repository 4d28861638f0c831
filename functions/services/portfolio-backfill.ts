import { portfolioFacts } from '../../core/portfolio';
import { isConditionFailure, type ProjectItem, store } from '../adapters/entities';
import { logger } from '../adapters/log';

/** A declaration of a settled call that became a project (its stage `approved`), with its call's year and batch. */
export interface EstablishedDeclaration {
  declarationId: string;
  year: number;
  batch: number;
}

/**
 * Projects established before the portfolio's keys existed (issue 22.1) carry no `year`, so no
 * portfolio index holds them: no list, roster or statistic sees them. The hourly rollup already
 * reads every call's declarations and every year's projects; the approved declarations it found
 * in no year's projects are read by id (a BatchGet), and each project without a year is given its
 * call's year and batch and its portfolio facts, on condition it still has none and is as read. So an upgrade
 * needs no migration step to remember, a second rollup finds nothing to do, and a project that
 * gained its keys meanwhile (the workflow moved it) is left as the workflow wrote it.
 */
export async function backfillPortfolioKeys(
  candidates: readonly EstablishedDeclaration[],
): Promise<{ itemsRead: number; backfilled: ProjectItem[] }> {
  if (!candidates.length) return { itemsRead: 0, backfilled: [] };
  const db = store().entities;
  const byId = new Map(candidates.map((c) => [c.declarationId, c]));
  const { data: projects } = await db.project.get(candidates.map(({ declarationId }) => ({ declarationId }))).go();
  const backfilled: ProjectItem[] = [];
  for (const project of projects.filter((p) => p.year === undefined)) {
    const { year, batch } = byId.get(project.declarationId)!;
    const keys = { year, batch, ...portfolioFacts(project) };
    try {
      await db.project
        .patch({ declarationId: project.declarationId })
        // The index keys are built from these; districtId and organisationId are set as they are.
        .set({ ...keys, districtId: project.districtId, organisationId: project.organisationId })
        // As read: facts from a project the workflow moved meanwhile would be stale; the next rollup takes it again.
        .where(({ year, version }, { eq, notExists }) => `${notExists(year)} AND ${eq(version, project.version)}`)
        .go();
      backfilled.push({ ...project, ...keys });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  if (backfilled.length)
    logger.info('portfolio keys backfilled', { count: backfilled.length, declarationIds: backfilled.map((p) => p.declarationId) });
  return { itemsRead: projects.length, backfilled };
}
