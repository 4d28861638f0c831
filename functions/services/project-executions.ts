import { store, type ProjectItem } from '../adapters/entities';

/**
 * An execution of the project's chain on the project: the one running now (a withdrawal stops it)
 * and the list of all. Recorded by the sweep as it starts a scheduled milestone and by each
 * execution's own Plan; the second finds it recorded and writes nothing.
 */
export async function recordExecution(project: Pick<ProjectItem, 'declarationId' | 'executionArn' | 'executions'>, executionArn: string) {
  const executions = project.executions ?? [];
  if (project.executionArn === executionArn && executions.includes(executionArn)) return;
  await store()
    .entities.project.patch({ declarationId: project.declarationId })
    .set({ executionArn, executions: executions.includes(executionArn) ? executions : [...executions, executionArn] })
    .go();
}
