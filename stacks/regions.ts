/**
 * Where shenbao may be deployed. The region is the deploying shell's choice (`SHENBAO_REGION`),
 * not the repository's: a mainland office may need AWS China, another office Singapore or Tokyo.
 * Each stack names the services it creates and synthesis stops, with the region and the missing
 * services named, before CloudFormation would fail half-way through a deploy.
 */
export const defaultRegion = 'ap-southeast-1';

/** The AWS services a stack creates resources in, as the regional service list names them. */
export type AwsService =
  | 'cognito-idp'
  | 'ses'
  | 'states'
  | 'lambda'
  | 'dynamodb'
  | 's3'
  | 'apigateway'
  | 'events'
  | 'sqs'
  | 'sns'
  | 'sms'
  | 'cloudwatch';

/**
 * Regions known to lack a service shenbao uses (AWS's regional service list and cfn-lint's
 * resource specs, checked 2026-12: ap-east-1 has no SES identities; the China regions have no
 * Cognito user pools, no SES, and SNS there sends no text messages). A region not listed is taken
 * to have everything.
 */
const missingServices: Record<string, readonly AwsService[]> = {
  'ap-east-1': ['ses'],
  'cn-north-1': ['cognito-idp', 'ses', 'sms'],
  'cn-northwest-1': ['cognito-idp', 'ses', 'sms'],
};

const serviceNames: Record<AwsService, string> = {
  'cognito-idp': 'Cognito user pools (sign-in)',
  ses: 'SES (email)',
  states: 'Step Functions',
  lambda: 'Lambda',
  dynamodb: 'DynamoDB',
  s3: 'S3',
  apigateway: 'API Gateway HTTP APIs',
  events: 'EventBridge',
  sqs: 'SQS',
  sns: 'SNS',
  sms: 'SNS text messages (SMS)',
  cloudwatch: 'CloudWatch',
};

export function deploymentRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHENBAO_REGION || defaultRegion;
}

/** The partition an ARN in this region starts with (`arn:aws-cn:` in China). */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export class RegionLacksServices extends Error {
  constructor(
    readonly region: string,
    readonly stackName: string,
    readonly missing: readonly AwsService[],
    alternative?: string,
  ) {
    super(
      `${stackName} cannot be deployed to ${region}: ${missing.map((s) => serviceNames[s]).join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} not offered there. Set SHENBAO_REGION to a region that has ` +
        `${missing.length > 1 ? 'them' : 'it'} (for example ${defaultRegion})${alternative ? `, ${alternative}` : ''}; see docs/operations.md.`,
    );
    this.name = 'RegionLacksServices';
  }
}

/** Whether `region` offers `service`. */
export function offers(region: string, service: AwsService): boolean {
  return !missingServices[region]?.includes(service);
}

/** Fails the synthesis of `stackName` when `region` lacks any of `services`, saying what else would do. */
export function requireServices(region: string, stackName: string, services: readonly AwsService[], alternative?: string): void {
  const missing = services.filter((s) => !offers(region, s));
  if (missing.length) throw new RegionLacksServices(region, stackName, missing, alternative);
}
