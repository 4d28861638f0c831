import type { SSTConfig } from 'sst';
import { Api } from './stacks/Api';
import { Auth } from './stacks/Auth';
import { Notifications } from './stacks/Notifications';
import { Schedules } from './stacks/Schedules';
import { Storage } from './stacks/Storage';
import { Workflows } from './stacks/Workflows';

/**
 * The SST v2 app that deploys shenbao to AWS (`npx sst deploy --stage prod`). Stages differ only
 * through stacks/stages.ts. The stacks are built from the same tableDefinition(), ASL files and
 * handlers the local runtime uses; stacks/README.md says what each creates and why.
 */
export default {
  config(_input) {
    return { name: 'shenbao', region: 'ap-east-1' };
  },
  stacks(app) {
    app.stack(Storage).stack(Notifications).stack(Workflows).stack(Auth).stack(Api).stack(Schedules);
  },
} satisfies SSTConfig;
