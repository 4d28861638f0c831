import { Logger, LogLevelThreshold, type LogItem } from '@aws-lambda-powertools/logger';
import { correlationId } from './correlation';

/**
 * Powertools' Logger with the correlation id of the work in hand (`correlation_id`, from
 * ./correlation.ts) on every line. In Lambda every line is JSON, the level from
 * `POWERTOOLS_LOG_LEVEL` (or `LOG_LEVEL`), the service from `POWERTOOLS_SERVICE_NAME`; with
 * `SHENBAO_LOG_FORMAT=text` (what `npm start` sets) the same lines print readably.
 */
export class ShenbaoLogger extends Logger {
  protected override createAndPopulateLogItem(...args: Parameters<Logger['createAndPopulateLogItem']>): LogItem {
    const item = super.createAndPopulateLogItem(...args);
    const id = correlationId();
    return id ? item.addAttributes({ correlation_id: id }) : item;
  }

  protected override printLog(level: number, log: LogItem): void {
    if (process.env.SHENBAO_LOG_FORMAT !== 'text') {
      super.printLog(level, log);
      return;
    }
    log.prepareForPrint();
    const { level: name, message, timestamp, service, correlation_id, ...rest } = log.getAttributes();
    delete rest.sampling_rate;
    const facts = Object.entries(rest)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const line = [String(timestamp).slice(11, 23), String(name).padEnd(5), `[${service}]`, message, ...facts];
    if (correlation_id) line.push(`(${correlation_id})`);
    (level >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(`${line.join(' ')}\n`);
  }
}

/** The one logger of every function; locally the API, the step handlers and the sweep share it. */
export const logger = new ShenbaoLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'shenbao' });

/** Lambda's invocation context, as the logger takes it (request id, function name, cold start). */
export type LambdaContext = Parameters<Logger['addContext']>[0];
