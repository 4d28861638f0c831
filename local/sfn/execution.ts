import type { MachineDefinition, OwnedState } from './definitions';
import type { Checkpoint } from './store';

export interface Machine {
  name: string;
  arn: string;
  original: MachineDefinition;
  rewritten: MachineDefinition;
  owned: Record<string, OwnedState>;
}

/** An execution running in this process. */
export interface LiveExecution {
  arn: string;
  machine: Machine;
  lastEventId: number;
  writes: Promise<void>;
  abort: () => void;
  /** Set while resuming: the first entry of this state picks up where the execution waited. */
  resume: Checkpoint | undefined;
  skipEnteredOf: string | undefined;
  stopped: boolean;
}

/** Appends an event to an execution's history. */
export type Recorder = (live: LiveExecution, type: string, details: Record<string, unknown>) => void;
