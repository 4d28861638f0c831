import type { SSTConfig } from 'sst';
import { Api } from './stacks/Api';
import { Auth } from './stacks/Auth';
import { Monitoring } from './stacks/Monitoring';
import { Notifications } from './stacks/Notifications';
import { deploymentRegion } from './stacks/regions';
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
    // SHENBAO_REGION, checked by each stack against the services it needs (stacks/regions.ts).
    return { name: 'shenbao', region: deploymentRegion() };
  },
  stacks(app) {
    app.stack(Storage).stack(Notifications).stack(Workflows).stack(Auth).stack(Api).stack(Schedules).stack(Monitoring);
  },
} satisfies SSTConfig;
