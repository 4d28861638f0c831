import { DescribeExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { KindDefinition } from '../../core/kind-definition';
import { executionArnOf } from '../../functions/adapters/workflows';
import { stateMachineArnOf } from '../../local/sfn/definitions';
import { seededKind } from '../../local/kind-seeds';
import { after, type projects } from './project';
import { eventually } from './runtime';

type Projects = ReturnType<typeof projects>;
export type TitledKind = { key: string; definition: KindDefinition };

/** A kind the office makes from the elder-education kind: one 结项验收 after three months, then a title. */
export async function titledKind(p: Projects, key: string, outcome: KindDefinition['outcome']): Promise<TitledKind> {
  const definition = { ...structuredClone(seededKind('elder-empowerment')), lifecycle: 'acceptance-only', constructionMonths: 3, outcome };
  p.ok(await p.api.as('admin').post('/kinds', { key, definition }), 201);
  return { key, definition: definition as KindDefinition };
}

/** Establishes a project of the kind and takes it through acceptance (合格) to its naming. */
export async function named(p: Projects, kind: TitledKind, applicant: string, title: string) {
  const id = await p.establishOne(kind, applicant, title);
  const project = await p.view(id);
  await p.advanceTo(id, after(project.milestones.acceptanceOpensAt));
  await p.report(applicant, id, 'acceptance_application', p.actuals(kind, 1.1), '三个月完成全部课程。');
  await p.assess(id, kind, 0.85);
  await p.decide('admin', id, 'acceptance_decision', { outcome: 'pass', comment: '合格' });
  const view = await eventually(async () => {
    const v = await p.view(id, applicant);
    return v.namedTitle ? v : undefined;
  }, 'the naming');
  return { id, view };
}

export const statesOf = (events: HistoryEvent[]) => events.map((e) => e.stateEnteredEventDetails?.name).filter(Boolean) as string[];

/** Every state the project's 复核 executions (`<id>-r1`, `<id>-r2` …) entered, leg after leg. */
export async function reviewStatesOf(p: Projects, id: string) {
  const states: string[] = [];
  for (let leg = 1; ; leg++) {
    const executionArn = executionArnOf(stateMachineArnOf('review'), `${id}-r${leg}`);
    const known = await p.sfn.send(new DescribeExecutionCommand({ executionArn })).then(
      () => true,
      () => false,
    );
    if (!known) return states;
    states.push(...statesOf(await p.history(executionArn)));
  }
}
