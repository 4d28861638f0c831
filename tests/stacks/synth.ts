import { Template } from 'aws-cdk-lib/assertions';
import { App, getStack } from 'sst/constructs';
import { initProject } from 'sst/project.js';
import config from '../../sst.config';
import { Api } from '../../stacks/Api';
import { Auth } from '../../stacks/Auth';
import { Notifications } from '../../stacks/Notifications';
import { Schedules } from '../../stacks/Schedules';
import { Storage } from '../../stacks/Storage';
import { Workflows } from '../../stacks/Workflows';

export const stacks = { Storage, Notifications, Workflows, Auth, Api, Schedules } as const;
export type StackName = keyof typeof stacks;

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'ap-east-1';

/**
 * Synthesizes the app exactly as sst.config.ts wires it, offline, for one stage. Every template
 * is taken at once: SST keeps "the current app" globally, so a later app would shadow this one.
 * Functions are not bundled here (SST bundles in `app.finish()`, on deploy); tests/stacks/
 * bundles.test.ts bundles each entry the same way instead.
 */
export async function synthesize(stage: string): Promise<Record<StackName, Template>> {
  await initProject({ stage });
  const app = new App({ mode: 'deploy', stage, name: 'shenbao', region: TEST_REGION, account: TEST_ACCOUNT });
  await config.stacks(app);
  return Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => [name, Template.fromStack(getStack(stack))]),
  ) as Record<StackName, Template>;
}
