import { Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { App, getStack } from 'sst/constructs';
import { initProject } from 'sst/project.js';
import config from '../../sst.config';
import { Api } from '../../stacks/Api';
import { Auth } from '../../stacks/Auth';
import { Monitoring } from '../../stacks/Monitoring';
import { Notifications } from '../../stacks/Notifications';
import { defaultRegion } from '../../stacks/regions';
import { Schedules } from '../../stacks/Schedules';
import { Storage } from '../../stacks/Storage';
import { Workflows } from '../../stacks/Workflows';

export const stacks = { Storage, Notifications, Workflows, Auth, Api, Schedules, Monitoring } as const;
export type StackName = keyof typeof stacks;

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = defaultRegion;

export interface Synthesized {
  templates: Record<StackName, Template>;
  /** cdk-nag's unsuppressed findings per stack, as `<rule>[<what>] <construct path>`. */
  findings: Record<StackName, string[]>;
}

/**
 * Synthesizes the app exactly as sst.config.ts wires it, offline, for one stage, with cdk-nag's
 * AwsSolutions and Serverless packs looking on. Every template is taken at once: SST keeps "the
 * current app" globally, so a later app would shadow this one. Functions are not bundled here
 * (SST bundles in `app.finish()`, on deploy); tests/stacks/bundles.test.ts bundles each entry
 * the same way instead.
 */
export async function synthesizeChecked(stage: string, region: string = TEST_REGION): Promise<Synthesized> {
  await initProject({ stage });
  const app = new App({ mode: 'deploy', stage, name: 'shenbao', region, account: TEST_ACCOUNT });
  await config.stacks(app);
  Aspects.of(app).add(new AwsSolutionsChecks());
  Aspects.of(app).add(new ServerlessChecks());
  const templates = {} as Record<StackName, Template>;
  const findings = {} as Record<StackName, string[]>;
  for (const [name, fn] of Object.entries(stacks) as [StackName, (typeof stacks)[StackName]][]) {
    const stack = getStack(fn);
    templates[name] = Template.fromStack(stack);
    const annotations = Annotations.fromStack(stack);
    findings[name] = [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())].map(
      (m) => `${String(m.entry.data).split(':')[0]} ${m.id}`,
    );
  }
  return { templates, findings };
}

export async function synthesize(stage: string, region: string = TEST_REGION): Promise<Record<StackName, Template>> {
  return (await synthesizeChecked(stage, region)).templates;
}
