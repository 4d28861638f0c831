/**
 * Every Lambda a state machine invokes, by the name its ARN placeholder carries:
 * `${OpenTaskFunctionArn}` in an ASL file is the function `OpenTask`, whose handler is the
 * module below. The cloud stacks build one function per entry; the local Step Functions endpoint
 * imports the same modules for the ARNs it substituted.
 */
export const taskFunctions = {
  OpenTask: 'functions/steps/open-task.ts',
  FinishDeclaration: 'functions/steps/finish-declaration.ts',
  CallStep: 'functions/steps/call-step.ts',
  ProjectStep: 'functions/steps/project-step.ts',
} as const;

export type TaskFunctionName = keyof typeof taskFunctions;

/** State machines, by folder under workflows/. */
export const stateMachines = ['acceptance', 'call', 'construction', 'declaration'] as const;
export type StateMachineName = (typeof stateMachines)[number];

/**
 * The environment variable holding a state machine's ARN, for the API and for the task functions
 * that start the next phase (`ProjectStep` starts construction and acceptance executions).
 */
export function stateMachineEnvOf(name: StateMachineName): string {
  return `${name.toUpperCase()}_STATE_MACHINE_ARN`;
}

/**
 * The ASL files' service-integration ARNs start `arn:${Partition}:states:::`: `aws` here and in
 * most regions, `aws-cn` in AWS China, filled from the stack's partition when deployed.
 */
export const partitionPlaceholder = 'Partition';

export function placeholderOf(name: TaskFunctionName): string {
  return `${name}FunctionArn`;
}
