import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { MovableClock } from './clock';
import { announce } from './running';
import { freePort, startDynamoLocal, type DynamoLocal } from './dynamo';
import { LocalIdentityProvider, LOCAL_AUDIENCE } from './identity';
import { directoryEntryOf, seededUser, seededUsers } from './users';
import { seedExpertPool } from './seed-experts';
import { actorOfPerson, isDisabled } from '../core/accounts';
import { FileBlobStore, LOCAL_UPLOAD_PATH } from './blobs/file';
import { EngineThread } from './sfn/thread';
import { stateMachineArnOf } from './sfn/definitions';
import { close, listen } from './serve';
import { actingAs, guardTableGrants } from './grants';
import { stateMachineEnvOf, stateMachines } from '../functions/adapters/state-machines';
import { logger as functionsLogger, ShenbaoLogger } from '../functions/adapters/log';

export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface RuntimeOptions {
  /** Where DynamoDB Local keeps its data, the clock offset and the signing key. Omit for memory only. */
  dataDir?: string;
  /** An already running DynamoDB Local (tests share one per run); otherwise one is started. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** 0 picks a free port. A restarted runtime passes its predecessor's ports so clients keep working. */
  port?: number;
  sfnPort?: number;
  /** Seed users' demo calls on an empty table (default true). */
  seed?: boolean;
  /** How often the engine looks for Waits and timeouts that fell due in real time (ms), in its own thread. */
  timerIntervalMs?: number;
  /** How often the reminder sweep runs (ms of real time, which the clock follows); 0: only on clock moves and by hand. */
  sweepIntervalMs?: number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** List this stack where `npm run sweep` looks for the running one (npm start does; tests do not). */
  announce?: boolean;
}

export interface Runtime {
  url: string;
  sfnEndpoint: string;
  dynamoEndpoint: string;
  port: number;
  sfnPort: number;
  tableName: string;
  dataDir: string | undefined;
  clock: MovableClock;
  /** The local Step Functions endpoint, running in its own thread (local/sfn/worker.ts). */
  engine: EngineThread;
  resumed: number;
  seeded: boolean;
  /** Where emails go (one .eml per message). */
  outboxDir: string;
  /** Where text messages go (one .txt per message, the E.164 number first). */
  smsOutboxDir: string;
  /** One sweep at the clock's now (or `now`): what the scheduled sweep does. */
  sweep(now?: Date): Promise<import('../functions/services/sweep').SweepReport>;
  /** A clean stop: servers, engine, and DynamoDB Local if this runtime started it. */
  stop(): Promise<void>;
  /** Stops serving and drops every in-flight execution without recording anything, like kill -9. */
  crash(): Promise<void>;
}

/**
 * The composition root of one machine's shenbao: DynamoDB Local, the local Step Functions
 * endpoint, the identity provider, the movable clock, and the API, wired through the same
 * environment variables the Lambdas read in the cloud.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = new ShenbaoLogger({ serviceName: 'shenbao-local', logLevel: options.logLevel ?? 'INFO' });
  // The API's, the step handlers' and the sweep's lines: as verbose as the runtime's own.
  functionsLogger.setLogLevel(options.logLevel ?? 'INFO');
  const tableName = options.tableName ?? 'shenbao';
  let dynamo: DynamoLocal | undefined;
  if (!options.dynamoEndpoint) dynamo = await startDynamoLocal(options.dataDir ? { dataDir: join(options.dataDir, 'dynamodb') } : {});
  const dynamoEndpoint = options.dynamoEndpoint ?? dynamo!.endpoint;

  const port = options.port || (await freePort());
  const sfnPort = options.sfnPort || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const sfnEndpoint = `http://127.0.0.1:${sfnPort}`;
  const clock = new MovableClock(options.dataDir ? join(options.dataDir, 'clock.json') : undefined);
  const outboxDir = join(options.dataDir ?? mkdtempSync(join(tmpdir(), 'shenbao-')), 'outbox');
  const smsOutboxDir = join(dirname(outboxDir), 'sms-outbox');
  // Uploaded materials; a runtime without a data dir keeps them in a temp dir.
  const blobDir = join(options.dataDir ?? mkdtempSync(join(tmpdir(), 'shenbao-blobs-')), 'blobs');

  // The app's modules read these at first use, exactly as a Lambda reads its configuration.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    SFN_ENDPOINT: sfnEndpoint,
    ...Object.fromEntries(stateMachines.map((name) => [stateMachineEnvOf(name), stateMachineArnOf(name)])),
    JWKS_URL: `${url}/dev/jwks.json`,
    // The local identity provider signs in whoever the directory holds: the directory is the account.
    ACCOUNT_PROVIDER: 'local',
    JWT_ISSUER: url,
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    OUTBOX_DIR: outboxDir,
    SMS_OUTBOX_DIR: smsOutboxDir,
    APP_URL: url,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    // Where the local blob store keeps the files, for whoever wants to look at them (tests do).
    BLOB_DIR: blobDir,
  });
  const { useClock } = await import('../functions/adapters/clock');
  useClock(clock);
  // S3's stand-in: the app sees it through the blob-store port, its upload endpoint through the dev hooks.
  const blobs = new FileBlobStore(blobDir);
  const { useBlobStore } = await import('../functions/adapters/blobs');
  useBlobStore(blobs);

  const raw = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureAppTable(raw, tableName);

  // The API's modules load before anything of this thread builds core/schemas: @hono/zod-openapi
  // must extend zod first, or a route's `.openapi()` on one of those schemas is missing.
  const { createApp } = await import('../functions/api/app');
  // The workflows run off the API's event loop, as on AWS: the engine, its endpoint on sfnPort, its
  // timer tick and the step handlers live in a thread of their own, which resumes the waiting executions.
  const { engine, resumed } = await EngineThread.start(
    {
      root: projectRoot,
      storeTable: `${tableName}-sfn`,
      dynamoEndpoint,
      sfnPort,
      clock,
      blobDir,
      timerIntervalMs: options.timerIntervalMs ?? 1000,
      logLevel: options.logLevel ?? 'INFO',
    },
    (message, error) => logger.error(message, error),
  );
  const stopFollowingClock = clock.onMove(() => engine.checkTimers());

  const identity = await LocalIdentityProvider.open({
    keyFile: options.dataDir ? join(options.dataDir, 'signing-key.json') : undefined,
    issuer: url,
    clock,
  });
  const { spend } = await import('../functions/services/rate-limits');
  // GET /ready answers 503 until the waiting executions are resumed and the demo data is seeded.
  let ready = false;
  const app = createApp({
    ready: () => ready,
    dev: {
      issueToken: async (username) => {
        // Counted before the lookup, so guessing names is limited as much as signing in.
        await spend('token', username);
        // Anyone the directory holds as active, seeded or created by the office (functions/services/accounts.ts).
        const { data: person } = await (await import('../functions/adapters/entities')).store().entities.person.get({ username }).go();
        if (!person) return undefined;
        return isDisabled(person) ? 'disabled' : identity.issue(actorOfPerson(person));
      },
      jwks: () => identity.jwks(),
      now: () => clock.now(),
      moveClock: (to) => clock.set(to),
      users: () => seededUsers.map(({ username, role, displayName }) => ({ username, role, displayName })),
      uploads: { path: LOCAL_UPLOAD_PATH, accept: (form) => blobs.acceptUpload(form) },
    },
  });

  // The API's requests (and what they carry on after answering) act with the API Lambda's grants.
  guardTableGrants((await import('../functions/adapters/aws')).documentClient());
  const apiServer = await listen((request) => actingAs('api', () => app.fetch(request)), port);
  await seedExpertPool(clock.now());
  await seedDirectory();
  await (await import('./seed-organisations')).seedOrganisations();
  await (await import('./kind-seeds')).seedKinds();
  const seeded = options.seed === false ? false : await seedDemoCalls(clock.now());
  // Scores kept under an earlier scoring rule are recomputed once, recorded in their history (idempotent).
  const rescored = await (await import('../functions/services/rescoring')).recomputeScores();
  if (rescored.changed.length) logger.info('scores recomputed under the current rule', { changed: rescored.changed.length });
  // The sweep follows the clock: every minute of it, and at once when it is moved.
  const { sweep } = await import('../functions/services/sweep');
  const sweepSafely = async () => {
    try {
      await actingAs('readWrite', () => sweep(clock.now()));
    } catch (error) {
      logger.error('sweep failed', error as Error);
    }
  };
  const stopSweepingOnMove = clock.onMove(sweepSafely);
  const sweepTimer = options.sweepIntervalMs === 0 ? undefined : setInterval(() => void sweepSafely(), options.sweepIntervalMs ?? 60_000);
  sweepTimer?.unref();
  // How `npm run sweep` (another process) finds this stack; removed on a clean stop.
  const unannounce = options.dataDir
    ? announce(
        { pid: process.pid, url, sfnEndpoint, dynamoEndpoint, tableName, outboxDir, smsOutboxDir, dataDir: options.dataDir },
        options.announce ?? false,
      )
    : undefined;
  ready = true;
  logger.debug('runtime started', { url, sfnEndpoint, dynamoEndpoint, resumed, seeded });

  let stopped = false;
  const shutDown = async (crash: boolean) => {
    if (stopped) return;
    stopped = true;
    clearInterval(sweepTimer);
    stopFollowingClock();
    stopSweepingOnMove();
    if (!crash) unannounce?.();
    if (crash) await engine.crash();
    await Promise.all([close(apiServer), crash ? undefined : engine.stop()]);
    raw.destroy();
    await dynamo?.stop();
  };
  return {
    url,
    sfnEndpoint,
    dynamoEndpoint,
    port,
    sfnPort,
    tableName,
    dataDir: options.dataDir,
    clock,
    engine,
    resumed,
    seeded,
    outboxDir,
    smsOutboxDir,
    sweep: (now) => actingAs('readWrite', () => sweep(now ?? clock.now())),
    stop: () => shutDown(false),
    crash: () => shutDown(true),
  };
}

async function ensureAppTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { tableDefinition } = await import('../functions/adapters/table');
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  }
}

/**
 * The seeded people, with their email, language, organisation and an active account. Written when
 * absent (or written before entries had an organisation), never over the office's changes: a
 * seeded person the office disabled stays disabled across restarts.
 */
async function seedDirectory(): Promise<void> {
  const { store, isConditionFailure } = await import('../functions/adapters/entities');
  for (const entry of seededUsers.map(directoryEntryOf)) {
    try {
      await store()
        .entities.person.put(entry)
        .where(({ organisationId }, { notExists }) => notExists(organisationId))
        .go();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/** A fresh install gets one open call of each seeded kind marked for it, so a new user can declare at once. */
async function seedDemoCalls(now: Date): Promise<boolean> {
  const { listCalls, createCall } = await import('../functions/services/calls');
  const { kindSeeds } = await import('./kind-seeds');
  const existing = await listCalls({ limit: 1 });
  if (existing.items.length > 0) return false;
  const admin = seededUser('admin')!;
  const closesAt = new Date(now.getTime() + 60 * 24 * 3600 * 1000);
  for (const { key, definition } of kindSeeds().filter((seed) => seed.demoCall)) {
    await createCall(admin, {
      kind: key,
      year: now.getUTCFullYear(),
      batch: 1,
      title: `${now.getUTCFullYear()}年度${definition.nameZh}申报（第一批）`,
      opensAt: now.toISOString(),
      closesAt: closesAt.toISOString(),
    });
  }
  return true;
}
