import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { taskFunctions, type TaskFunctionName } from '../../functions/steps/registry';
import { TaskFailure } from './errors';

/** A failure a test asks a task function to raise, as a Lambda error of that name would. */
export interface InjectedFault {
  error: string;
  cause?: string;
  /** How many of the next invocations fail (default 1). */
  times?: number;
  /** Only invocations about this declaration: other projects' steps (a named centre's 复核 chain) run as usual. */
  declarationId?: string;
  /** Only invocations of this step of a multi-step function (CallStep's `establish`). */
  step?: string;
}

/** A result a test has a task function return in place of running its handler. */
export interface InjectedResult {
  output: unknown;
  /** How many of the next invocations return it (default 1). */
  times?: number;
  /** Only invocations about this declaration, as for a fault. */
  declarationId?: string;
}

/** The task functions, run in this process for the Lambda ARN a definition names, with what tests inject in their place. */
export class TaskHandlers {
  private readonly modules = new Map<TaskFunctionName, Promise<{ handler: (event: unknown) => unknown }>>();
  private readonly faults = new Map<string, Required<InjectedFault>>();
  private readonly results = new Map<string, Required<InjectedResult>>();

  constructor(private readonly root: string) {}

  injectFault(functionName: TaskFunctionName, fault: InjectedFault): void {
    this.faults.set(functionName, { cause: `injected ${fault.error}`, times: 1, declarationId: '', step: '', ...fault });
  }

  injectResult(functionName: TaskFunctionName, result: InjectedResult): void {
    this.results.set(functionName, { times: 1, declarationId: '', ...result });
  }

  /** Calls a step handler in this process, for the Lambda ARN the definition was given. */
  async invoke(resource: string, params: unknown): Promise<unknown> {
    if (resource.startsWith('arn:aws:lambda:')) return (await this.handlerOf(resource))(params);
    if (resource === 'arn:aws:states:::lambda:invoke' || resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
      const { FunctionName, Payload } = (params ?? {}) as { FunctionName?: string; Payload?: unknown };
      const payload = await (await this.handlerOf(FunctionName ?? ''))(Payload ?? {});
      return { ExecutedVersion: '$LATEST', Payload: payload ?? null, StatusCode: 200 };
    }
    throw new TaskFailure('States.Runtime', `resource ${resource} is not available in the local runtime`);
  }

  private async handlerOf(functionArn: string): Promise<(event: unknown) => unknown> {
    const name = /function:shenbao-([A-Za-z0-9]+)/.exec(functionArn)?.[1] as TaskFunctionName | undefined;
    if (!name || !(name in taskFunctions)) throw new TaskFailure('Lambda.ResourceNotFoundException', `Function not found: ${functionArn}`);
    let loaded = this.modules.get(name);
    if (!loaded) {
      loaded = import(pathToFileURL(resolvePath(this.root, taskFunctions[name])).href);
      this.modules.set(name, loaded);
    }
    const module = await loaded;
    return (event) => {
      const fault = this.faults.get(name);
      const { declarationId: about, step } = (event ?? {}) as { declarationId?: unknown; step?: unknown };
      if (fault && fault.times > 0 && (!fault.declarationId || fault.declarationId === about) && (!fault.step || fault.step === step)) {
        fault.times--;
        throw new TaskFailure(fault.error, fault.cause);
      }
      const result = this.results.get(name);
      if (result && result.times > 0 && (!result.declarationId || result.declarationId === about)) {
        result.times--;
        return result.output;
      }
      return module.handler(event);
    };
  }
}
