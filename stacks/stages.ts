import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Everything that differs between stages, and nothing else: the stacks read their stage only
 * through this. `prod` keeps data (retained, deletion-protected) and logs for a year; any other
 * stage (a developer's, `test`) is disposable. Names that belong to the office (its mail domain,
 * the web origin allowed to upload) come from the deploying shell, not the repository.
 */
export interface StageSettings {
  /** Deletion protection on the table and user pool; resources kept when the stack goes. */
  protect: boolean;
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** SES sends from this domain (an identity to verify with DNS records after the first deploy). */
  mailDomain: string;
  /** Alarms are mailed here (SNS asks the address to confirm once); none in a developer stage unless set. */
  operatorEmail?: string;
}

export const productionStages = ['prod'] as const;

export function isProduction(stage: string): boolean {
  return (productionStages as readonly string[]).includes(stage);
}

export function stageSettings(stage: string, env: NodeJS.ProcessEnv = process.env): StageSettings {
  if (isProduction(stage)) {
    const mailDomain = env.SHENBAO_MAIL_DOMAIN;
    if (!mailDomain) throw new Error(`stage ${stage}: set SHENBAO_MAIL_DOMAIN (the domain SES sends from) before deploying`);
    const operatorEmail = env.SHENBAO_OPERATOR_EMAIL;
    if (!operatorEmail) throw new Error(`stage ${stage}: set SHENBAO_OPERATOR_EMAIL (who receives the alarms) before deploying`);
    return { protect: true, removalPolicy: RemovalPolicy.RETAIN, logRetention: RetentionDays.ONE_YEAR, mailDomain, operatorEmail };
  }
  const mailDomain = env.SHENBAO_MAIL_DOMAIN ?? `${stage}.shenbao.invalid`;
  const operatorEmail = env.SHENBAO_OPERATOR_EMAIL || undefined;
  return {
    protect: false,
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    mailDomain,
    ...(operatorEmail ? { operatorEmail } : {}),
  };
}
