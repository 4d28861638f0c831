import { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Duration } from 'aws-cdk-lib';
import type { StackContext } from 'sst/constructs';
import { tableDefinition, ttlAttribute } from '../functions/adapters/table';
import { justify } from './nag';
import { requireServices } from './regions';
import { stageSettings } from './stages';

/** PascalCase keys (the SDK's CreateTable input) to camelCase ones (CDK's L1 props), deeply. */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.charAt(0).toLowerCase() + key.slice(1), camel(inner)]));
  }
  return value;
}

/**
 * The single table, built from the very `tableDefinition()` DynamoDB Local gets (an L1 table, so
 * nothing is re-declared by hand), plus what only the cloud has: point-in-time recovery, deletion
 * protection in production, TTL on the attribute the entities set. And the materials bucket.
 */
export function Storage({ stack, app }: StackContext) {
  requireServices(stack.region, 'Storage', ['dynamodb', 's3']);
  const settings = stageSettings(app.stage);
  const definition = tableDefinition(app.logicalPrefixedName('shenbao'));
  const table = new CfnTable(stack, 'Table', {
    tableName: definition.TableName,
    billingMode: definition.BillingMode,
    attributeDefinitions: camel(definition.AttributeDefinitions) as CfnTable.AttributeDefinitionProperty[],
    keySchema: camel(definition.KeySchema) as CfnTable.KeySchemaProperty[],
    globalSecondaryIndexes: camel(definition.GlobalSecondaryIndexes) as CfnTable.GlobalSecondaryIndexProperty[],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtectionEnabled: settings.protect,
    timeToLiveSpecification: { attributeName: ttlAttribute, enabled: true },
  });
  table.applyRemovalPolicy(settings.removalPolicy);

  // Browsers post materials straight to S3 with a presigned POST form (a navigation, so no CORS)
  // into uploads/, where the API judges them and moves the accepted ones to materials/; what is
  // left in uploads/ (a file never confirmed) expires after a day. Nothing is public, everything
  // is encrypted and reached over TLS only. No autoDeleteObjects: its custom resource would need
  // s3:List*/Delete* with wildcard actions; a developer stage's bucket is emptied by hand.
  const materials = new Bucket(stack, 'Materials', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: settings.protect,
    removalPolicy: settings.removalPolicy,
    // In a versioned bucket (production) an expired or deleted object stays as a noncurrent
    // version: a refused upload goes for good after a day too, and a replaced material is kept a
    // year (the audit trail points at what was confirmed then) before it goes.
    lifecycleRules: [
      { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      { id: 'UnconfirmedUploads', prefix: 'uploads/', expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
      { id: 'ReplacedMaterials', prefix: 'materials/', noncurrentVersionExpiration: Duration.days(365) },
    ],
  });
  justify(stack, ['bucketAccessLogs']);

  return { tableName: table.ref, tableArn: table.attrArn, materials };
}
