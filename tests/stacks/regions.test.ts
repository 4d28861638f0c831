import { describe, expect, it } from 'vitest';
import { partitionOf, requireServices, RegionLacksServices } from '../../stacks/regions';
import { synthesize } from './synth';

describe('the deployment region', () => {
  it('stops the synthesis where a stack’s service is missing, naming the stack, the service and what to do', async () => {
    process.env.SHENBAO_MAIL_DOMAIN = 'shenbao.example.org';
    try {
      await expect(synthesize('test', 'ap-east-1')).rejects.toThrow(/^Notifications cannot be deployed to ap-east-1: SES \(email\) is not offered there\. Set SHENBAO_REGION/);
    } finally {
      delete process.env.SHENBAO_MAIL_DOMAIN;
    }
  });

  it('knows the China regions lack Cognito user pools and SES, and use the aws-cn partition', () => {
    expect(() => requireServices('cn-northwest-1', 'Auth', ['cognito-idp', 'ses'])).toThrow(RegionLacksServices);
    expect(() => requireServices('cn-northwest-1', 'Auth', ['cognito-idp'])).toThrow(/Cognito user pools \(sign-in\) is not offered there/);
    expect(() => requireServices('cn-north-1', 'Workflows', ['states', 'lambda', 'dynamodb'])).not.toThrow();
    expect(() => requireServices('ap-southeast-1', 'Notifications', ['ses', 'cognito-idp'])).not.toThrow();
    expect([partitionOf('cn-northwest-1'), partitionOf('ap-southeast-1'), partitionOf('us-gov-west-1')]).toEqual(['aws-cn', 'aws', 'aws-us-gov']);
  });
});
