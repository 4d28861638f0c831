// The Step Functions engine thread's entry (thread.ts starts it): the engine is TypeScript, so
// the loader is registered here, whatever runner (tsx, vitest) the API's thread was started by.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
