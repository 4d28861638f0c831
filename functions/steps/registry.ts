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
