import { CfnOutput } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { type CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpRoute, HttpRouteKey } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { use, type StackContext } from 'sst/constructs';
import { executionsArn, tableActions, tableStatement, taskSuccessStatement, userPoolAdminActions } from './access';
import { Auth } from './Auth';
import { DOCS_ASSETS_PATH } from '../functions/api/docs';
import { secondFactorRoles } from '../core/identity';
import { apiEntry, pagesEntry } from './bundling';
import { lambda } from './lambda';
import { Notifications } from './Notifications';
import { Storage } from './Storage';
import { Workflows } from './Workflows';
import { justify } from './nag';
import { requireServices } from './regions';
import { stageSettings } from './stages';

/**
 * Routes anyone may call without signing in; everything else passes the JWT authorizer first.
 * The app checks the token again itself (roles, scope) — the gateway's check keeps anonymous
 * traffic off the Lambda, it does not replace the app's.
 */
export const publicRoutes = [
  '/health',
  '/ready',
  '/calls',
  '/calls/{callId}',
  '/openapi.json',
  '/docs',
  `${DOCS_ASSETS_PATH}/{file}`,
  // What each problem document's `type` points at.
  '/problems/{type}',
] as const;
/** What the public does without an account (issue 22.4): read a notice, object and confirm, follow a receipt. */
export const publicActionRoutes = ['/public/{proxy+}'] as const;
/**
 * The web pages carry their session in a cookie, not an Authorization header, so the gateway lets
 * them through and the app verifies the cookie's JWT itself (functions/api/pages/context.ts).
 */
export const pageRoutes = ['/', '/ui', '/ui/{proxy+}'] as const;

/** Requests per second (steady) and burst the HTTP API's stage lets through. */
const apiThrottle = { rateLimit: 200, burstLimit: 400 } as const;

/** What the gateway writes per request: enough to find a request and what it cost, no body or token. */
const accessLogFormat = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  time: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userAgent: '$context.identity.userAgent',
};

/** The Hono app as one Lambda behind an HTTP API with a JWT authorizer on the Cognito pool. */
export function Api({ stack, app }: StackContext) {
  requireServices(stack.region, 'Api', ['apigateway', 'lambda']);
  const settings = stageSettings(app.stage);
  const { tableName, tableArn, materials } = use(Storage);
  const { stateMachines } = use(Workflows);
  const identity = use(Auth);
  const { issuer, jwksUrl } = identity;
  const mail = use(Notifications);

  const api = new HttpApi(stack, 'Http');
  // Access logs (one JSON line per request, with the request id the app logs too) and a stage
  // throttle well above a city office's deadline-day peak but below the account's default 10,000
  // rps, so a runaway client cannot take the account's Lambda concurrency.
  const accessLogs = new LogGroup(stack, 'HttpAccessLogs', { retention: settings.logRetention, removalPolicy: settings.removalPolicy });
  const stage = api.defaultStage!.node.defaultChild as CfnStage;
  stage.accessLogSettings = { destinationArn: accessLogs.logGroupArn, format: JSON.stringify(accessLogFormat) };
  stage.defaultRouteSettings = { throttlingRateLimit: apiThrottle.rateLimit, throttlingBurstLimit: apiThrottle.burstLimit };
  const pagesSignIn = identity.pagesSignIn(stack, api.apiEndpoint);
  const audiences = [...new Set([...identity.apiClients, pagesSignIn.clientId])];

  const environment = {
    TABLE_NAME: tableName,
    DECLARATION_STATE_MACHINE_ARN: stateMachines.declaration.arn,
    CALL_STATE_MACHINE_ARN: stateMachines.call.arn,
    JWKS_URL: jwksUrl,
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: audiences.join(','),
    OIDC_AUTHORIZE_URL: pagesSignIn.authorizeUrl,
    OIDC_TOKEN_URL: pagesSignIn.tokenUrl,
    OIDC_CLIENT_ID: pagesSignIn.clientId,
    ...identity.claimsEnvironment,
    // Where the office's accounts are made: the pool's admin API, or only the directory where an
    // external OIDC provider holds the accounts (functions/adapters/accounts/index.ts).
    ...(identity.userPool ? { ACCOUNT_PROVIDER: 'cognito', USER_POOL_ID: identity.userPool.userPoolId } : { ACCOUNT_PROVIDER: 'external' }),
    // Whose tokens must show a second factor (amr: mfa); SHENBAO_MFA_ROLES=none while a provider cannot report it.
    MFA_ROLES: process.env.SHENBAO_MFA_ROLES ?? secondFactorRoles.join(','),
    MATERIALS_BUCKET: materials.bucketName,
    // A declined invitation tells the office at once (functions/services/invitation-replacements.ts):
    // the API sends that mail itself, the sweep all the rest.
    ...mail.senderEnvironment,
  };
  // Two Lambdas of the same app code, routed by path below: the API, and the web pages with the
  // spreadsheet export, so the API's cold start loads neither JSX nor exceljs. The pages act on
  // the same things as the API (they submit, decide, upload), so both get the same grants.
  const machines = Object.values(stateMachines);
  const [fn, pagesFn] = [apiEntry, pagesEntry].map((entry) => {
    const { fn, role } = lambda(stack, {
      entry,
      memorySize: 1024,
      // API Gateway gives up on an integration after 30 s.
      timeoutSeconds: 29,
      environment,
    });
    role.addToPolicy(tableStatement(tableArn, tableActions.api));
    // Submitting a declaration and opening a call start executions; decisions complete tasks.
    role.addToPolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: machines.map((m) => m.arn) }));
    role.addToPolicy(taskSuccessStatement(machines.map((m) => m.arn)));
    // A withdrawal or termination stops the project's running construction or acceptance execution.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['states:StopExecution'],
        resources: [stateMachines.construction, stateMachines.acceptance, stateMachines.review].map((m) => executionsArn(stack, m.name)),
      }),
    );
    // GET /health probes Step Functions with a DescribeExecution of a name that never exists.
    role.addToPolicy(
      new PolicyStatement({ actions: ['states:DescribeExecution'], resources: [executionsArn(stack, stateMachines.declaration.name)] }),
    );
    // Presigned uploads and downloads are signed with this role's credentials; the API itself
    // reads a staged upload's first bytes, copies it to materials/ and deletes it from uploads/.
    role.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [materials.arnForObjects('*')] }));
    role.addToPolicy(new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [materials.arnForObjects('uploads/*')] }));
    // The office's account pages and routes create, disable and re-enable people in the pool.
    if (identity.userPool)
      role.addToPolicy(new PolicyStatement({ actions: [...userPoolAdminActions], resources: [identity.userPool.userPoolArn] }));
    mail.grantSend(role);

    return fn;
  });
  const integration = new HttpLambdaIntegration('App', fn!);
  const pagesIntegration = new HttpLambdaIntegration('Pages', pagesFn!);
  const authorizer = new HttpJwtAuthorizer(identity.kind === 'cognito' ? 'Cognito' : 'Oidc', issuer, { jwtAudience: audiences });
  // The gateway's $default route: everything not listed below needs a token.
  new HttpRoute(stack, 'Default', { httpApi: api, routeKey: HttpRouteKey.DEFAULT, integration, authorizer });
  for (const path of publicRoutes) api.addRoutes({ path, methods: [HttpMethod.GET], integration, authorizer: new HttpNoneAuthorizer() });
  for (const path of publicActionRoutes)
    api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.POST], integration, authorizer: new HttpNoneAuthorizer() });
  for (const path of pageRoutes)
    api.addRoutes({
      path,
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration: pagesIntegration,
      authorizer: new HttpNoneAuthorizer(),
    });

  justify(stack, ['publicRoutes', 'scopedWildcards', 'serviceWideActions']);
  new CfnOutput(stack, 'ApiUrl', { value: api.apiEndpoint });
  return { api, fn: fn!, pagesFn: pagesFn! };
}
