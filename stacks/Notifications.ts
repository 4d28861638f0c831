import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { StackContext } from 'sst/constructs';
import { justify } from './nag';
import { requireServices } from './regions';
import { stageSettings } from './stages';

/**
 * The SES identity mail is sent from (a domain: SES gives the DKIM records to publish after the
 * first deploy) and the one permission to use it. A new SES account is in the sandbox: until
 * AWS lifts it, mail goes only to verified addresses.
 */
export function Notifications({ stack, app }: StackContext) {
  requireServices(stack.region, 'Notifications', ['ses']);
  const { mailDomain } = stageSettings(app.stage);
  justify(stack);
  new EmailIdentity(stack, 'MailIdentity', { identity: Identity.domain(mailDomain) });
  // Named from the domain, not referenced: the functions' stacks need no export from this one.
  const identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: mailDomain });
  const from = `noreply@${mailDomain}`;
  return {
    from,
    identityArn,
    /** ses:SendEmail (SES v2's SendEmail is authorised by that action) from this identity only. */
    grantSend(grantee: IGrantable) {
      grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn] }));
    },
  };
}
