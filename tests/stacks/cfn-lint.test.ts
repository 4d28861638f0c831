import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { synthesize, TEST_REGION, type StackName } from './synth';

/**
 * cfn-lint (AWS's CloudFormation linter, a Python tool these machines have preinstalled) over
 * every synthesized template, with the region's resource specifications: what CloudFormation
 * would refuse at deploy time (an unknown property, a resource type the region lacks) fails here.
 */
const dir = mkdtempSync(join(tmpdir(), 'shenbao-cfn-'));
let files: string[] = [];

beforeAll(async () => {
  process.env.SHENBAO_MAIL_DOMAIN = 'shenbao.example.org';
  process.env.SHENBAO_OPERATOR_EMAIL = 'ops@example.org';
  try {
    const templates = await synthesize('prod');
    files = (Object.entries(templates) as [StackName, { toJSON(): unknown }][]).map(([name, template]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(template.toJSON(), null, 1));
      return file;
    });
  } finally {
    delete process.env.SHENBAO_MAIL_DOMAIN;
    delete process.env.SHENBAO_OPERATOR_EMAIL;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * cfn-lint's findings, one per line. W3005 (an explicit DependsOn that a GetAtt already implies)
 * is left out: CDK adds those DependsOn on purpose, so a function waits for its role's policy.
 * On the state machines E3601 is left out too: cfn-lint reads their definition before
 * CloudFormation fills DefinitionSubstitutions, so `arn:${Partition}:states:::lambda:invoke` is
 * not yet an ARN to it; tests/unit/asl.test.ts validates the filled definitions (asl-validator).
 */
function cfnLint(region: string, templates: string[]): string[] {
  const workflows = templates.filter((t) => t.endsWith('Workflows.json'));
  const others = templates.filter((t) => !t.endsWith('Workflows.json'));
  return [
    ...(others.length ? lint(region, others, ['W3005']) : []),
    ...(workflows.length ? lint(region, workflows, ['W3005', 'E3601']) : []),
  ];
}

function lint(region: string, templates: string[], ignored: string[]): string[] {
  const found = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (found.error)
    throw new Error(
      'cfn-lint is not installed: it lints the synthesized templates (preinstalled on these machines; elsewhere pip install cfn-lint)',
    );
  try {
    execFileSync('cfn-lint', ['--regions', region, '--ignore-checks', ...ignored, '--format', 'parseable', '--', ...templates], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return [];
  } catch (error) {
    return ((error as { stdout?: string }).stdout ?? String(error)).split('\n').filter(Boolean);
  }
}

it('passes cfn-lint in the deployment region', () => {
  expect(cfnLint(TEST_REGION, files)).toEqual([]);
}, 120_000);

it('would have caught the old region: ap-east-1 has no SES identity (E3006)', () => {
  const notifications = files.filter((f) => f.endsWith('Notifications.json'));
  expect(cfnLint('ap-east-1', notifications)).toEqual([
    expect.stringMatching(/Notifications\.json:.*:E3006:.*AWS::SES::EmailIdentity.*ap-east-1/),
  ]);
}, 120_000);
