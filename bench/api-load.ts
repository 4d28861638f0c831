/**
 * Load worker for the API, run as its own process so autocannon does not share an event loop
 * (or a core's time slices) with the API it measures. Prints one LoadSummary as JSON.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { summarize, workerInput } from './stats';

export interface ApiLoadOptions {
  url: string;
  token: string;
  connections: number;
  durationSeconds: number;
}

const options = workerInput<ApiLoadOptions>();
// autocannon's own histogram stores whole milliseconds; the API answers in a few, so keep raw samples.
const latencies: number[] = [];
let rejected = 0;
let firstError: string | undefined;

const started = performance.now();
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.durationSeconds,
      headers: { authorization: `Bearer ${options.token}` },
    },
    (error, finished) => (error ? reject(error) : resolve(finished)),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else {
      rejected += 1;
      firstError ??= `HTTP ${statusCode}`;
    }
  });
  instance.on('reqError', (error) => (firstError ??= String(error)));
});
const elapsed = performance.now() - started;

// Socket errors and timeouts never reach 'response', so take them from autocannon's totals.
const errors = rejected + result.errors + result.timeouts;
process.stdout.write(`${JSON.stringify(summarize(latencies, elapsed, errors, firstError))}\n`);
