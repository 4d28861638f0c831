/**
 * Walks every IAM statement a template grants (role policies, managed policies attached to
 * roles, bucket and queue policies) and lists each that allows a wildcard action or a wildcard
 * resource. Deny statements are skipped: a broad Deny (the TLS-only policies) only takes away.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, Json> }> };

export interface Grant {
  resource: string;
  actions: string[];
  resources: string[];
}

/** Statements AWS accepts only with Resource "*", each with why. Nothing else may use "*". */
export const starResourceAllowList: { actions: string[]; why: string }[] = [
  {
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
    why: 'Lambda active tracing: X-Ray has no resource-level permissions for sending segments',
  },
  {
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    why: 'State machine tracing (CDK’s grant for tracingEnabled): X-Ray authorises sending segments and reading sampling rules on no resource',
  },
  {
    actions: [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ],
    why: 'Step Functions logging: the CloudWatch Logs delivery APIs have no resource-level permissions (AWS documents Resource "*" for them)',
  },
  {
    actions: ['sns:Publish'],
    why: 'An SMS published straight to a phone number: a phone number has no ARN (the sweep’s policy denies sns:Publish to every topic beside it)',
  },
];

/**
 * Managed policies whose text is not in the template. SST v2 gives every stack an idle custom
 * resource Lambda ("CustomResourceHandler") with CDK's default role; we use no SST construct
 * that invokes it (source maps are off), so it never runs.
 */
export const managedPolicyAllowList: { rolePrefix: string; policy: string }[] = [
  { rolePrefix: 'CustomResourceHandlerServiceRole', policy: 'service-role/AWSLambdaBasicExecutionRole' },
];

/** A CloudFormation value as text, tokens named: {Ref X}, {X.Arn}, {import Y}. */
export function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('Ref' in value) return `{Ref ${String(value.Ref)}}`;
    if ('Fn::GetAtt' in value) return `{${(value['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::ImportValue' in value) return `{import ${render(value['Fn::ImportValue']!)}}`;
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'] as [string, Json[]];
      return parts.map(render).join(separator);
    }
  }
  return JSON.stringify(value);
}

const list = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function documentsOf(type: string, properties: Record<string, Json>): Json[] {
  switch (type) {
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::S3::BucketPolicy':
    case 'AWS::SQS::QueuePolicy':
      return [properties.PolicyDocument ?? null];
    case 'AWS::IAM::Role':
      return list(properties.Policies).map((p) => (p as { PolicyDocument: Json }).PolicyDocument);
    default:
      return [];
  }
}

export function grantsOf(input: object): Grant[] {
  const template = input as Template;
  const grants: Grant[] = [];
  for (const [id, { Type, Properties = {} }] of Object.entries(template.Resources ?? {})) {
    for (const document of documentsOf(Type, Properties)) {
      for (const statement of list((document as { Statement?: Json })?.Statement) as Record<string, Json>[]) {
        if (statement.Effect !== 'Allow') continue;
        if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
          grants.push({ resource: id, actions: ['NotAction/NotResource'], resources: ['*'] });
          continue;
        }
        grants.push({ resource: id, actions: list(statement.Action).map(render), resources: list(statement.Resource).map(render) });
      }
    }
  }
  return grants;
}

/** A resource may end in a wildcard under a named resource (`…/index/x`, `…:execution:name:*`, `bucket/*`), nothing broader. */
function scopedWildcard(resource: string): boolean {
  const star = resource.indexOf('*');
  if (star === -1) return true;
  return star === resource.length - 1 && /[^:/*]+[:/]\*$/.test(resource) && !/:\*:|::\*/.test(resource);
}

export function violations(input: object): string[] {
  const template = input as Template;
  const found: string[] = [];
  for (const grant of grantsOf(template)) {
    for (const action of grant.actions) {
      if (action.includes('*') || action === 'NotAction/NotResource') found.push(`${grant.resource}: wildcard action ${action}`);
    }
    for (const resource of grant.resources) {
      if (resource === '*') {
        const excused = starResourceAllowList.some((entry) => grant.actions.every((action) => entry.actions.includes(action)));
        if (!excused) found.push(`${grant.resource}: ${grant.actions.join(', ')} on *`);
      } else if (!scopedWildcard(resource)) {
        found.push(`${grant.resource}: ${grant.actions.join(', ')} on ${resource}`);
      }
    }
  }
  for (const [id, { Type, Properties = {} }] of Object.entries(template.Resources ?? {})) {
    if (Type !== 'AWS::IAM::Role') continue;
    for (const arn of list(Properties.ManagedPolicyArns).map(render)) {
      const excused = managedPolicyAllowList.some((entry) => id.startsWith(entry.rolePrefix) && arn.endsWith(`:policy/${entry.policy}`));
      if (!excused) found.push(`${id}: managed policy ${arn}`);
    }
  }
  return found;
}
