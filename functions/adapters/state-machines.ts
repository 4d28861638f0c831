/**
 * The state machines, by folder under workflows/, and where a Lambda finds each one's ARN. Kept
 * apart from the step handlers' registry (functions/steps/registry.ts) so the adapters and
 * services that start and reconcile executions depend on this, not on the handlers above them.
 */
export const stateMachines = ['acceptance', 'call', 'construction', 'declaration', 'review'] as const;
export type StateMachineName = (typeof stateMachines)[number];

/**
 * The environment variable holding a state machine's ARN, for the API and for the task functions
 * that start the next phase (`ProjectStep` starts construction and acceptance executions).
 */
export function stateMachineEnvOf(name: StateMachineName): string {
  return `${name.toUpperCase()}_STATE_MACHINE_ARN`;
}
