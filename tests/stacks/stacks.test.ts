// Over 400 lines because both stages are synthesized once, in beforeAll, for every stack's checks: a file per stack would synthesize the app again each.
import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableActions, tableDefinition, tableIndexes, ttlAttribute } from '../../functions/adapters/table';
import { taskFunctions, type TaskFunctionName } from '../../functions/steps/registry';
import { roles } from '../../core/identity';
import { projectRoot } from '../../local/runtime';
import { aslPath, discoverStateMachines, partitionPlaceholder, placeholderOf, substitute } from '../../workflows/definitions';
import { pageRoutes, publicActionRoutes, publicRoutes } from '../../stacks/Api';
import { apiEntry, pagesEntry, sweepEntry, sweepHandler, taskEntry } from '../../stacks/bundling';
import { grantsOf, render, violations } from './iam';
import { synthesizeChecked, stacks, type StackName, type Synthesized } from './synth';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);

function only(template: Template, type: string): [string, Resource] {
  const found = resourcesOf(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

/** The Lambda a construct id names (the stacks give each function its LambdaEntry's id). */
function lambdaOf(template: Template, id: string): [string, Resource] {
  const found = resourcesOf(template, 'AWS::Lambda::Function').filter(
    ([logicalId]) => logicalId.startsWith(id) && !logicalId.startsWith(`${id}Role`),
  );
  expect(found, id).toHaveLength(1);
  return found[0]!;
}

/** Statements granted to a function's role, rendered. */
function grantsTo(template: Template, id: string) {
  return grantsOf(template.toJSON()).filter((g) => g.resource.startsWith(`${id}Role`));
}

let dev: Record<StackName, Template>;
let prod: Record<StackName, Template>;
let devChecked: Synthesized;
let prodChecked: Synthesized;

beforeAll(async () => {
  devChecked = await synthesizeChecked('test');
  dev = devChecked.templates;
  process.env.SHENBAO_MAIL_DOMAIN = 'shenbao.example.org';
  process.env.SHENBAO_OPERATOR_EMAIL = 'ops@example.org';
  try {
    prodChecked = await synthesizeChecked('prod');
    prod = prodChecked.templates;
  } finally {
    delete process.env.SHENBAO_MAIL_DOMAIN;
    delete process.env.SHENBAO_OPERATOR_EMAIL;
  }
});

describe('Storage', () => {
  it('builds the table from tableDefinition(): keys, attributes, the same GSIs', () => {
    const [, table] = only(dev.Storage, 'AWS::DynamoDB::Table');
    const definition = tableDefinition('test-shenbao-shenbao');
    expect(table.Properties).toMatchObject({
      TableName: definition.TableName,
      BillingMode: definition.BillingMode,
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes,
    });
    expect(table.Properties.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName)).toEqual([...tableIndexes]);
  });

  it('has point-in-time recovery and TTL on the entities’ expiry attribute', () => {
    const [, table] = only(dev.Storage, 'AWS::DynamoDB::Table');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: ttlAttribute, Enabled: true });
  });

  it('protects production data and lets a developer stage go', () => {
    const [, devTable] = only(dev.Storage, 'AWS::DynamoDB::Table');
    const [, prodTable] = only(prod.Storage, 'AWS::DynamoDB::Table');
    expect([devTable.Properties.DeletionProtectionEnabled, devTable.DeletionPolicy]).toEqual([false, 'Delete']);
    expect([prodTable.Properties.DeletionProtectionEnabled, prodTable.DeletionPolicy, prodTable.UpdateReplacePolicy]).toEqual([
      true,
      'Retain',
      'Retain',
    ]);
    expect(only(prod.Storage, 'AWS::S3::Bucket')[1].DeletionPolicy).toBe('Retain');
  });

  it('keeps materials private, encrypted and reachable over TLS only', () => {
    const [bucketId, bucket] = only(dev.Storage, 'AWS::S3::Bucket');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'AES256',
    );
    dev.Storage.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('takes uploads by presigned POST (no CORS needed) and expires unconfirmed ones after a day', () => {
    const [, bucket] = only(dev.Storage, 'AWS::S3::Bucket');
    expect(bucket.Properties.CorsConfiguration).toBeUndefined();
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Id: 'UnconfirmedUploads', Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' }),
    );
  });
});

describe('Workflows', () => {
  const machines = discoverStateMachines(projectRoot);

  it('has one Lambda per task function and one Standard state machine per ASL file', () => {
    for (const name of Object.keys(taskFunctions) as TaskFunctionName[]) lambdaOf(dev.Workflows, taskEntry(name).id);
    const found = resourcesOf(dev.Workflows, 'AWS::StepFunctions::StateMachine')
      .map(([, r]) => r.Properties.StateMachineName)
      .sort();
    expect(found).toEqual(machines.map((m) => `test-shenbao-${m}`));
  });

  it.each(machines)('deploys workflows/%s exactly as the file says, placeholders filled with the task functions', (name) => {
    const [, machine] = resourcesOf(dev.Workflows, 'AWS::StepFunctions::StateMachine').find(
      ([, r]) => r.Properties.StateMachineName === `test-shenbao-${name}`,
    )!;
    const text = readFileSync(aslPath(projectRoot, name), 'utf8');
    // What CloudFormation will substitute, named by the resource it points at.
    const deployed = substitute(
      machine.Properties.DefinitionString,
      Object.fromEntries(Object.entries(machine.Properties.DefinitionSubstitutions as Record<string, any>).map(([k, v]) => [k, render(v)])),
    );
    const expected = substitute(text, {
      [partitionPlaceholder]: '{Ref AWS::Partition}',
      ...Object.fromEntries(
        (Object.keys(taskFunctions) as TaskFunctionName[]).map((f) => [
          placeholderOf(f),
          `{${lambdaOf(dev.Workflows, taskEntry(f).id)[0]}.Arn}`,
        ]),
      ),
    });
    expect(JSON.parse(deployed)).toEqual(JSON.parse(expected));
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });

  it('lets each state machine invoke only the functions its file names', () => {
    for (const name of machines) {
      const text = readFileSync(aslPath(projectRoot, name), 'utf8');
      const named = (Object.keys(taskFunctions) as TaskFunctionName[]).filter((f) => text.includes(`\${${placeholderOf(f)}}`));
      const id = name.charAt(0).toUpperCase() + name.slice(1);
      const invoke = grantsOf(dev.Workflows.toJSON()).filter(
        (g) => g.resource.startsWith(`${id}StateMachineRole`) && g.actions.includes('lambda:InvokeFunction'),
      );
      expect(invoke.flatMap((g) => g.resources).sort()).toEqual(
        named.map((f) => `{${lambdaOf(dev.Workflows, taskEntry(f).id)[0]}.Arn}`).sort(),
      );
    }
  });

  it('gives task functions the Step Functions calls their code makes: the declaration machine, and the next phase for project steps', () => {
    const sfnActions = (id: string) => grantsTo(dev.Workflows, id).filter((g) => g.actions.some((a) => a.startsWith('states:')));
    expect(sfnActions(taskEntry('OpenTask').id)).toEqual([]);
    const nextPhases = [
      ['states:StartExecution'],
      [
        'ap-southeast-1:123456789012:stateMachine:test-shenbao-construction',
        'ap-southeast-1:123456789012:stateMachine:test-shenbao-acceptance',
        'ap-southeast-1:123456789012:stateMachine:test-shenbao-review',
      ],
    ];
    // The call's 立项 starts the projects (a first milestone already due starts at once).
    expect(sfnActions(taskEntry('CallStep').id).map((g) => [g.actions, g.resources.map((r) => r.replace(/^.*:states:/, ''))])).toEqual([
      nextPhases,
      [['states:SendTaskSuccess'], ['ap-southeast-1:123456789012:stateMachine:test-shenbao-declaration']],
      [['states:StopExecution'], ['ap-southeast-1:123456789012:execution:test-shenbao-declaration:*']],
    ]);
    expect(lambdaOf(dev.Workflows, taskEntry('CallStep').id)[1].Properties.Timeout).toBe(900);
    // Project steps start the next phase execution, with its ARN in their environment.
    expect(sfnActions(taskEntry('ProjectStep').id).map((g) => [g.actions, g.resources.map((r) => r.replace(/^.*:states:/, ''))])).toEqual([
      nextPhases,
    ]);
    expect(Object.keys(lambdaOf(dev.Workflows, taskEntry('ProjectStep').id)[1].Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['ACCEPTANCE_STATE_MACHINE_ARN', 'CONSTRUCTION_STATE_MACHINE_ARN', 'REVIEW_STATE_MACHINE_ARN', 'TABLE_NAME']),
    );
  });
});

describe('table grants', () => {
  it('gives each function the table actions the local runtime holds its code to (local/grants.ts), batches and condition checks included', () => {
    const dynamo = (template: Template, id: string) =>
      grantsTo(template, id)
        .filter((g) => g.actions.some((a) => a.startsWith('dynamodb:')))
        .flatMap((g) => g.actions)
        .sort();
    for (const entry of [apiEntry, pagesEntry]) expect(dynamo(dev.Api, entry.id), entry.id).toEqual([...tableActions.api].sort());
    expect(dynamo(dev.Schedules, sweepEntry.id)).toEqual([...tableActions.readWrite].sort());
    for (const name of Object.keys(taskFunctions) as TaskFunctionName[])
      expect(dynamo(dev.Workflows, taskEntry(name).id), name).toEqual([...tableActions.readWrite].sort());
    // What the code was found to need when the local runtime began holding it to these lists.
    for (const needed of ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem'])
      expect(tableActions.readWrite as readonly string[]).toContain(needed);
  });
});

describe('Api', () => {
  it('runs the Hono app on Node 24, arm64, with the configuration the app reads', () => {
    const [, fn] = lambdaOf(dev.Api, apiEntry.id);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    const env = fn.Properties.Environment.Variables;
    for (const name of ['TABLE_NAME', 'DECLARATION_STATE_MACHINE_ARN', 'CALL_STATE_MACHINE_ARN', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'])
      expect(env, name).toHaveProperty(name);
    expect(render(env.JWKS_URL)).toMatch(
      /^https:\/\/cognito-idp\.ap-southeast-1\.amazonaws\.com\/\{import test-shenbao-Auth:ExportsOutputRefUsers[0-9A-F]+\}\/\.well-known\/jwks\.json$/,
    );
    expect(render(env.DECLARATION_STATE_MACHINE_ARN)).toMatch(/:states:ap-southeast-1:123456789012:stateMachine:test-shenbao-declaration$/);
  });

  it('lets the API sign uploads and downloads, and delete only staged uploads', () => {
    const s3 = grantsTo(dev.Api, apiEntry.id).filter((g) => g.actions.some((a) => a.startsWith('s3:')));
    expect(s3.map((g) => [g.actions, g.resources.map((r) => r.replace(/^\{import [^}]+\}/, 'bucket'))])).toEqual([
      [['s3:PutObject', 's3:GetObject'], ['bucket/*']],
      [['s3:DeleteObject'], ['bucket/uploads/*']],
    ]);
  });

  it('lets the API and the pages create, disable and re-enable people in the user pool only, and tells them the pool', () => {
    for (const entry of [apiEntry, pagesEntry]) {
      const cognito = grantsTo(dev.Api, entry.id).filter((g) => g.actions.some((a) => a.startsWith('cognito-idp:')));
      expect(
        cognito.map((g) => [g.actions, g.resources.map(render)]),
        entry.id,
      ).toEqual([
        [
          ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser'],
          [expect.stringMatching(/^\{import test-shenbao-Auth:ExportsOutputFnGetAttUsers[0-9A-F]+Arn[0-9A-F]+\}$/)],
        ],
      ]);
      const env = lambdaOf(dev.Api, entry.id)[1].Properties.Environment.Variables;
      expect(env.ACCOUNT_PROVIDER).toBe('cognito');
      expect(render(env.USER_POOL_ID)).toMatch(/^\{import test-shenbao-Auth:ExportsOutputRefUsers[0-9A-F]+\}$/);
    }
  });

  it('puts a JWT authorizer on the Cognito pool in front of every route but the public reads', () => {
    const [authorizerId, authorizer] = only(dev.Api, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(render(authorizer.Properties.JwtConfiguration.Issuer)).toMatch(
      /^https:\/\/cognito-idp\.ap-southeast-1\.amazonaws\.com\/\{import test-shenbao-Auth:ExportsOutputRefUsers[0-9A-F]+\}$/,
    );
    expect(authorizer.Properties.JwtConfiguration.Audience.map(render)).toEqual([
      expect.stringMatching(/^\{import .*UsersWeb.*\}$/),
      expect.stringMatching(/PagesClient/),
    ]);

    const routes = resourcesOf(dev.Api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.find((r) => r.RouteKey === '$default')).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    const open = routes
      .filter((r) => r.AuthorizationType === 'NONE')
      .map((r) => r.RouteKey)
      .sort();
    expect(open).toEqual(
      [...publicRoutes.map((p) => `GET ${p}`), ...[...publicActionRoutes, ...pageRoutes].flatMap((p) => [`GET ${p}`, `POST ${p}`])].sort(),
    );
    expect(routes.filter((r) => r.AuthorizationType !== 'NONE' && r.AuthorizationType !== 'JWT')).toEqual([]);
  });

  it('sends the web pages to their own Lambda and every other route to the API’s', () => {
    const resources = dev.Api.toJSON().Resources as Record<string, Resource>;
    const [apiId] = lambdaOf(dev.Api, apiEntry.id);
    const [pagesId] = lambdaOf(dev.Api, pagesEntry.id);
    // A route's target names its integration; the integration's URI names the function.
    const functionOf = (route: Resource) => {
      const integration = JSON.stringify(route.Properties.Target).match(/"Ref":"([^"]+)"/)![1]!;
      const uri = JSON.stringify(resources[integration]!.Properties.IntegrationUri);
      return [apiId, pagesId].filter((id) => uri.includes(`"${id}"`));
    };
    const routes = resourcesOf(dev.Api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r);
    const byKey = Object.fromEntries(routes.map((r) => [r.Properties.RouteKey as string, functionOf(r)]));
    for (const path of pageRoutes) for (const method of ['GET', 'POST']) expect(byKey[`${method} ${path}`], path).toEqual([pagesId]);
    for (const path of publicRoutes) expect(byKey[`GET ${path}`], path).toEqual([apiId]);
    for (const path of publicActionRoutes) for (const method of ['GET', 'POST']) expect(byKey[`${method} ${path}`], path).toEqual([apiId]);
    expect(byKey.$default).toEqual([apiId]);
  });

  it('signs the web pages in through the hosted UI: a code-grant client whose callback is this API, named to the app', () => {
    const [clientId, client] = only(dev.Api, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: false });
    expect(client.Properties.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'profile']));
    expect(client.Properties.CallbackURLs.map(render)).toEqual([expect.stringMatching(/\/ui\/auth\/callback$/)]);
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:org', 'custom:district']));
    const env = lambdaOf(dev.Api, apiEntry.id)[1].Properties.Environment.Variables;
    expect(env.OIDC_CLIENT_ID).toEqual({ Ref: clientId });
    expect(render(env.OIDC_AUTHORIZE_URL)).toMatch(/auth\.ap-southeast-1\.amazoncognito\.com\/oauth2\/authorize$/);
    expect(render(env.OIDC_TOKEN_URL)).toMatch(/auth\.ap-southeast-1\.amazoncognito\.com\/oauth2\/token$/);
    expect(only(dev.Auth, 'AWS::Cognito::UserPoolDomain')[1].Properties.Domain).toBe('shenbao-test');
  });
});

describe('Auth', () => {
  it('has a group per role and organisation/district attributes users cannot change', () => {
    const groups = resourcesOf(dev.Auth, 'AWS::Cognito::UserPoolGroup')
      .map(([, r]) => r.Properties.GroupName)
      .sort();
    expect(groups).toEqual([...roles].sort());
    const [, pool] = only(dev.Auth, 'AWS::Cognito::UserPool');
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    const custom = pool.Properties.Schema.filter((a: { Name: string }) => ['org', 'district'].includes(a.Name));
    expect(custom).toHaveLength(2);
    const [, client] = only(dev.Auth, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:org', 'custom:district']));
    expect(client.Properties.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(only(prod.Auth, 'AWS::Cognito::UserPool')[1].Properties.DeletionProtection).toBe('ACTIVE');
  });
});

describe('Schedules', () => {
  it(`runs the sweep (${sweepHandler}) every minute with a dead-letter queue for runs that fail`, () => {
    const [fnId, fn] = lambdaOf(dev.Schedules, sweepEntry.id);
    const [queueId, queue] = only(dev.Schedules, 'AWS::SQS::Queue');
    const [, rule] = only(dev.Schedules, 'AWS::Events::Rule');
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
      }),
    ]);
    // A delivered event whose run fails goes there too, after Lambda's own retries.
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86400 });
    dev.Schedules.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('lets the sweep re-send lost callbacks, repair orphaned executions on every machine and carry out the outbox, nothing more', () => {
    const sfn = grantsTo(dev.Schedules, sweepEntry.id)
      .filter((g) => g.actions.some((a) => a.startsWith('states:')))
      .map((g) => [g.actions, g.resources.map((r) => r.replace(/^.*:states:ap-southeast-1:123456789012:/, ''))]);
    expect(sfn).toEqual([
      [
        ['states:SendTaskSuccess'],
        [
          'stateMachine:test-shenbao-acceptance',
          'stateMachine:test-shenbao-call',
          'stateMachine:test-shenbao-construction',
          'stateMachine:test-shenbao-declaration',
          'stateMachine:test-shenbao-review',
        ],
      ],
      [
        ['states:ListExecutions', 'states:SendTaskFailure'],
        [
          'stateMachine:test-shenbao-acceptance',
          'stateMachine:test-shenbao-call',
          'stateMachine:test-shenbao-construction',
          'stateMachine:test-shenbao-declaration',
          'stateMachine:test-shenbao-review',
        ],
      ],
      [
        ['states:GetExecutionHistory'],
        [
          'execution:test-shenbao-acceptance:*',
          'execution:test-shenbao-call:*',
          'execution:test-shenbao-construction:*',
          'execution:test-shenbao-declaration:*',
          'execution:test-shenbao-review:*',
        ],
      ],
      // The outbox's pending starts and stops, and the projects' milestones started when due.
      [
        ['states:StartExecution'],
        [
          'stateMachine:test-shenbao-declaration',
          'stateMachine:test-shenbao-call',
          'stateMachine:test-shenbao-construction',
          'stateMachine:test-shenbao-acceptance',
          'stateMachine:test-shenbao-review',
        ],
      ],
      [
        ['states:StopExecution'],
        [
          'execution:test-shenbao-declaration:*',
          'execution:test-shenbao-construction:*',
          'execution:test-shenbao-acceptance:*',
          'execution:test-shenbao-review:*',
        ],
      ],
    ]);
    // …and knows every machine's ARN, or the orphan repair would skip the project phases.
    const env = lambdaOf(dev.Schedules, sweepEntry.id)[1].Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'ACCEPTANCE_STATE_MACHINE_ARN',
        'CALL_STATE_MACHINE_ARN',
        'CONSTRUCTION_STATE_MACHINE_ARN',
        'DECLARATION_STATE_MACHINE_ARN',
      ]),
    );
  });

  it('lets only the sweep send SMS: sns:Publish to phone numbers (no ARN, so *), denied on every topic', () => {
    const publishes = Object.values(dev)
      .flatMap((t) => grantsOf(t.toJSON()))
      .filter((g) => g.actions.includes('sns:Publish'));
    expect(publishes).toEqual([{ resource: expect.stringMatching(/^SweepFunctionRole/), actions: ['sns:Publish'], resources: ['*'] }]);
    const statements = resourcesOf(dev.Schedules, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const denied = statements.filter((s: any) => s.Effect === 'Deny' && s.Action === 'sns:Publish');
    expect(denied.map((s: any) => render(s.Resource))).toEqual(['arn:{Ref AWS::Partition}:sns:*:*:*']);
    expect(lambdaOf(dev.Schedules, sweepEntry.id)[1].Properties.Environment.Variables).toMatchObject({ SMS_TRANSPORT: 'sns' });
  });

  it('lets only those who tell people send mail, from the stage’s SES identity: the sweep, the API and pages (a declined invitation, an acceptance result), the steps that replace an expert, and establishment (立项 notices)', () => {
    only(dev.Notifications, 'AWS::SES::EmailIdentity');
    const sends = Object.values(dev)
      .flatMap((t) => grantsOf(t.toJSON()))
      .filter((g) => g.actions.some((a) => a.startsWith('ses:')));
    const identity = expect.stringMatching(/:ses:ap-southeast-1:123456789012:identity\/test\.shenbao\.invalid$/);
    expect(sends.map((g) => g.resource.replace(/Role.*$/, '')).sort()).toEqual([
      'ApiFunction',
      'CallStepFunction',
      'FinishDeclarationFunction',
      'OpenTaskFunction',
      'PagesFunction',
      'SweepFunction',
    ]);
    for (const grant of sends) expect(grant).toMatchObject({ actions: ['ses:SendEmail'], resources: [identity] });
  });
});

describe('least privilege', () => {
  it.each(Object.keys(stacks) as StackName[])('%s grants no wildcard action and no wildcard resource beyond the allow-list', (name) => {
    expect(violations(dev[name].toJSON())).toEqual([]);
    expect(violations(prod[name].toJSON())).toEqual([]);
  });

  it('the check finds what it must: wildcard actions, resources, NotAction and unlisted managed policies', () => {
    const template = {
      Resources: {
        BadPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyDocument: {
              Statement: [
                { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' },
                { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' },
                { Effect: 'Allow', Action: 'states:StartExecution', Resource: 'arn:aws:states:*:123:stateMachine:x' },
                { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' },
                { Effect: 'Deny', Action: '*', Resource: '*' },
              ],
            },
          },
        },
        SomeRole: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
      },
    };
    expect(violations(template)).toEqual([
      'BadPolicy: wildcard action s3:*',
      'BadPolicy: dynamodb:GetItem on *',
      'BadPolicy: states:StartExecution on arn:aws:states:*:123:stateMachine:x',
      'BadPolicy: wildcard action NotAction/NotResource',
      'BadPolicy: NotAction/NotResource on *',
      'SomeRole: managed policy arn:aws:iam::aws:policy/AdministratorAccess',
    ]);
  });
});

describe('stages', () => {
  it('create the same resources in a developer stage and in production: only configuration differs', () => {
    for (const name of Object.keys(stacks) as StackName[]) {
      // Logical ids without their hash (a hash covers the stage name where CDK puts it in an id).
      // The operator's alarm subscription is configuration: required in production, optional elsewhere.
      const shape = (t: Template, stage: string) =>
        Object.entries(t.toJSON().Resources as Record<string, Resource>)
          .filter(([, r]) => r.Type !== 'AWS::SNS::Subscription')
          .map(([id, r]) => `${id.replaceAll(stage, 'STAGE').replace(/[0-9A-F]{8,16}$/, '')} ${r.Type}`)
          .sort();
      expect(shape(prod[name], 'prod'), name).toEqual(shape(dev[name], 'test'));
    }
  });

  it('keep logs a week in a developer stage and a year in production', () => {
    const retention = (t: Template) => [...new Set(resourcesOf(t, 'AWS::Logs::LogGroup').map(([, r]) => r.Properties.RetentionInDays))];
    expect(retention(dev.Workflows)).toEqual([7]);
    expect(retention(prod.Workflows)).toEqual([365]);
  });
});

describe('Monitoring', () => {
  const alarmsOf = (t: Template) => resourcesOf(t, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
  const alarmNamed = (t: Template, id: string) => {
    const found = alarmsOf(t).filter((a) => a.AlarmName === `test-shenbao-${id}`);
    expect(found, id).toHaveLength(1);
    return found[0]!;
  };
  const topicRef = () => ({ Ref: only(dev.Monitoring, 'AWS::SNS::Topic')[0] });

  it('alarms on every state machine’s failed, timed-out and aborted executions', () => {
    for (const machine of discoverStateMachines(projectRoot)) {
      const id = machine.charAt(0).toUpperCase() + machine.slice(1);
      const alarm = alarmNamed(dev.Monitoring, `${id}ExecutionsFailed`);
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      const metrics = alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [
        m.MetricStat.Metric.Namespace,
        m.MetricStat.Metric.MetricName,
        render(m.MetricStat.Metric.Dimensions[0].Value),
      ]);
      expect(metrics).toEqual(
        ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'].map((name) => [
          'AWS/States',
          name,
          expect.stringMatching(new RegExp(`:stateMachine:test-shenbao-${machine}$`)),
        ]),
      );
    }
  });

  it('alarms when the sweep stops running or dead-letters a run, on API 5xx and latency, Lambda errors and throttles, DynamoDB throttles and SES reputation', () => {
    expect(alarmNamed(dev.Monitoring, 'SweepNotRunning')).toMatchObject({
      MetricName: 'Invocations',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      EvaluationPeriods: 2,
      Period: 300,
    });
    expect(alarmNamed(dev.Monitoring, 'SweepDeadLetters')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(alarmNamed(dev.Monitoring, 'SweepDeadLetterAge')).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 3 * 86400,
    });
    const fiveXx = alarmNamed(dev.Monitoring, 'Api5xxRate');
    expect(fiveXx.Threshold).toBe(1);
    expect(fiveXx.Metrics.find((m: any) => m.Expression).Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    expect(
      fiveXx.Metrics.filter((m: any) => m.MetricStat)
        .map((m: any) => m.MetricStat.Metric.MetricName)
        .sort(),
    ).toEqual(['5xx', 'Count']);
    expect(alarmNamed(dev.Monitoring, 'ApiLatencyP99')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 3000,
      EvaluationPeriods: 3,
    });
    const lambdas = ['Api', 'Pages', 'Sweep', ...Object.keys(taskFunctions)];
    for (const name of lambdas) {
      expect(alarmNamed(dev.Monitoring, `${name}LambdaErrors`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Threshold: 1,
      });
      expect(alarmNamed(dev.Monitoring, `${name}LambdaThrottles`)).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Threshold: 1,
      });
    }
    // …and every Lambda the stacks create is among them.
    const functions = Object.values(dev)
      .flatMap((t) => resourcesOf(t, 'AWS::Lambda::Function'))
      .filter(([id]) => !id.startsWith('CustomResourceHandler'));
    expect(functions).toHaveLength(lambdas.length);
    const throttles = alarmNamed(dev.Monitoring, 'TableThrottles');
    expect(throttles.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName)).toEqual([
      'ReadThrottleEvents',
      'WriteThrottleEvents',
    ]);
    expect(alarmNamed(dev.Monitoring, 'MailBounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.04,
    });
    expect(alarmNamed(dev.Monitoring, 'SmsDeliveryRate')).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'SMSSuccessRate',
      Dimensions: [
        { Name: 'Country', Value: 'CN' },
        { Name: 'SMSType', Value: 'Transactional' },
      ],
      Statistic: 'Average',
      Period: 3600,
      Threshold: 0.9,
      ComparisonOperator: 'LessThanThreshold',
    });
    expect(alarmNamed(dev.Monitoring, 'SmsRefused')).toMatchObject({
      Namespace: 'shenbao/test',
      MetricName: 'TextMessagesFailed',
      Dimensions: [{ Name: 'service', Value: 'shenbao-sweep' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
    expect(alarmNamed(dev.Monitoring, 'MailComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0008,
    });
  });

  it('sends every alarm and its recovery to one topic, which production mails to the operator', () => {
    for (const alarm of alarmsOf(dev.Monitoring)) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([topicRef()]);
      expect(alarm.OKActions, alarm.AlarmName).toEqual([topicRef()]);
      expect(alarm.AlarmDescription).toMatch(/docs\/operations\.md#/);
    }
    expect(resourcesOf(dev.Monitoring, 'AWS::SNS::Subscription')).toEqual([]);
    expect(only(prod.Monitoring, 'AWS::SNS::Subscription')[1].Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.org' });
  });

  it('every alarm is explained in the runbook', () => {
    const runbook = readFileSync(`${projectRoot}/docs/operations.md`, 'utf8');
    for (const alarm of alarmsOf(dev.Monitoring)) {
      const anchor = /#([a-z0-9]+)\)$/.exec(alarm.AlarmDescription)![1]!;
      const generic = anchor
        .replace(/^(api|pages|sweep|opentask|callstep|finishdeclaration|projectstep)(lambda)/, 'any$2')
        .replace(/^(declaration|call|construction|acceptance|review)executions/, 'anyexecutions');
      expect(runbook, anchor).toMatch(new RegExp(`<a id="(${anchor}|${generic})"></a>`));
    }
  });

  it('has a dashboard with the alarms and the figures behind them', () => {
    const [, dashboard] = only(dev.Monitoring, 'AWS::CloudWatch::Dashboard');
    const body = render(dashboard.Properties.DashboardBody);
    for (const figure of [
      'ExecutionsFailed',
      'ExecutionsStarted',
      'Latency',
      '5xx',
      'Invocations',
      'ApproximateNumberOfMessagesVisible',
      'ConsumedWriteCapacityUnits',
      'Reputation.BounceRate',
      'Errors',
    ]) {
      expect(body, figure).toContain(figure);
    }
    expect(body).toContain('"type":"alarm"');
  });
});

describe('hardening', () => {
  it('logs every API request and throttles the stage', () => {
    const [, stage] = only(dev.Api, 'AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', latency: '$context.responseLatency' });
    expect(JSON.stringify(format)).not.toMatch(/authorization|body/i);
    expect(resourcesOf(prod.Api, 'AWS::Logs::LogGroup').map(([, r]) => r.Properties.RetentionInDays)).toEqual([365, 365, 365]);
  });

  it('expires refused uploads and replaced materials as noncurrent versions too', () => {
    const rules = only(prod.Storage, 'AWS::S3::Bucket')[1].Properties.LifecycleConfiguration.Rules;
    expect(rules.find((r: any) => r.Id === 'UnconfirmedUploads')).toMatchObject({
      Prefix: 'uploads/',
      ExpirationInDays: 1,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
    expect(rules.find((r: any) => r.Id === 'ReplacedMaterials')).toMatchObject({
      Prefix: 'materials/',
      NoncurrentVersionExpiration: { NoncurrentDays: 365 },
    });
  });

  it('enforces Cognito threat protection, a strong password, and no OAuth on the scripts’ client', () => {
    const [, pool] = only(dev.Auth, 'AWS::Cognito::UserPool');
    expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(pool.Properties.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true });
    const [, client] = only(dev.Auth, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(JSON.stringify(Object.values(dev).map((t) => t.toJSON()))).not.toContain('example.com');
  });
});

describe('a second factor for the city office and the districts', () => {
  it('offers TOTP in the pool (not SMS) and has the API require it of city-admin and district-reviewer tokens', () => {
    const [, pool] = only(dev.Auth, 'AWS::Cognito::UserPool');
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    const [, fn] = lambdaOf(dev.Api, apiEntry.id);
    expect(fn.Properties.Environment.Variables.MFA_ROLES).toBe('city-admin,district-reviewer');
  });
});

describe('observability', () => {
  const ours = () =>
    Object.values(dev).flatMap((t) => resourcesOf(t, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomResourceHandler')));

  it('traces every function and every state machine with X-Ray', () => {
    expect(ours().length).toBe(7); // the API, the pages, four steps, the sweep
    for (const [id, fn] of ours()) expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
    const machines = resourcesOf(dev.Workflows, 'AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(5);
    for (const [id, machine] of machines) expect(machine.Properties.TracingConfiguration, id).toEqual({ Enabled: true });
  });

  it('names each function’s service, log level and metrics namespace for Powertools', () => {
    for (const [id, fn] of ours()) {
      expect(fn.Properties.Environment.Variables, id).toMatchObject({
        POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^shenbao-[a-z]+$/),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'shenbao/test',
      });
    }
    expect(lambdaOf(dev.Schedules, sweepEntry.id)[1].Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('shenbao-sweep');
  });

  it('counts decisions per task kind from the API’s log lines, and shows the business figures', () => {
    const [, filter] = only(dev.Monitoring, 'AWS::Logs::MetricFilter');
    expect(filter.Properties.FilterPattern).toBe('{ $.message = "decision" }');
    expect(filter.Properties.MetricTransformations).toEqual([
      expect.objectContaining({
        MetricName: 'Decisions',
        MetricNamespace: 'shenbao/test',
        MetricValue: '1',
        Dimensions: [{ Key: 'kind', Value: '$.kind' }],
      }),
    ]);
    const [, dashboard] = only(dev.Monitoring, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const figure of ['RemindersSent', 'Escalations', 'IntentsReconciled', 'SweepLagSeconds', 'SEARCH(']) {
      expect(body, figure).toContain(figure);
    }
  });
});

describe('cdk-nag', () => {
  const known: string[] = [];

  it('finds nothing unjustified in either stage (AwsSolutions and Serverless packs) beyond the known list', () => {
    for (const [stage, checked] of [
      ['test', devChecked],
      ['prod', prodChecked],
    ] as const) {
      const found = Object.values(checked.findings)
        .flat()
        .map((f) => f.replaceAll(`/${stage}-`, '/STAGE-'))
        .sort();
      expect(found, stage).toEqual(known);
    }
  });

  it('every justification carries a reason', () => {
    const suppressions = Object.values(dev).flatMap(
      (t) => Object.values(t.toJSON().Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[],
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) expect(s.reason.length, s.id).toBeGreaterThan(40);
  });
});
