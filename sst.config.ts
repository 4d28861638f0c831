/**
 * The SST v2 app that deploys shenbao to AWS. For now it names the app and its region only: the
 * stacks (Storage, Workflows, Api, Auth, Schedules, Notifications) are built with `sst@2` and
 * aws-cdk-lib in the cloud-stacks issue, from the same `tableDefinition()` and ASL files the local
 * runtime uses. Shaped as SST v2's `SSTConfig` so that issue only adds `stacks(app)` calls.
 */
const config = {
  config(_input: { stage?: string }) {
    return { name: 'shenbao', region: 'ap-east-1' };
  },
  stacks(_app: unknown) {
    // Filled in by the cloud-stacks issue: app.stack(Storage).stack(Workflows).stack(Api)...
  },
};

export default config;
