/** An error the Step Functions API itself returns; `type` is the `__type` the AWS SDK maps to its exception classes. */
export class SfnApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** How a task's failure reaches the interpreter, whose Retry and Catch match on `name`. */
export class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}
