import { defaultRegion, deploymentRegion } from '../stacks/regions';

/**
 * AWS list prices used for cost per declaration: on-demand, no free tier, Standard workflows,
 * arm64 Lambda, DynamoDB on-demand after its November 2024 price cut, HTTP API (first tier).
 * Recorded by hand from AWS's public price pages (2025); this workplace cannot fetch them, so
 * check before quoting. Priced for the region the stacks deploy to (SHENBAO_REGION, default
 * ap-southeast-1, stacks/regions.ts); a region without a row here is not priced (`n/a`).
 */
export interface RegionPrices {
  stepFunctionsPerTransition: number;
  lambdaPerRequest: number;
  lambdaPerGbSecond: number;
  dynamoPerWriteUnit: number;
  dynamoPerReadUnit: number;
  httpApiPerRequest: number;
}

export const regionPrices: Record<string, RegionPrices> = {
  'ap-southeast-1': {
    stepFunctionsPerTransition: 0.025 / 1000,
    lambdaPerRequest: 0.2 / 1_000_000,
    lambdaPerGbSecond: 0.0000133334,
    dynamoPerWriteUnit: 0.7115 / 1_000_000,
    dynamoPerReadUnit: 0.1423 / 1_000_000,
    httpApiPerRequest: 1.2 / 1_000_000,
  },
  'us-east-1': {
    stepFunctionsPerTransition: 0.025 / 1000,
    lambdaPerRequest: 0.2 / 1_000_000,
    lambdaPerGbSecond: 0.0000133334,
    dynamoPerWriteUnit: 0.625 / 1_000_000,
    dynamoPerReadUnit: 0.125 / 1_000_000,
    httpApiPerRequest: 1.0 / 1_000_000,
  },
};

/**
 * How many declarations one call gathers, for sharing the call's own execution (opening, the
 * window, ranking, the notice: the same transitions whatever the count) across them. A district
 * round of a city office's call; printed beside every cost figure.
 */
export const declarationsPerCall = 200;

/** The Lambdas' memory as the stacks set it: the API and pages 1 GB, the step handlers 512 MB. */
export const memoryGb = { api: 1, handlers: 0.5 } as const;

export const pricedRegion = deploymentRegion();
export const prices: RegionPrices | null = regionPrices[pricedRegion] ?? null;
export const unpricedReason = `no prices recorded for ${pricedRegion} in bench/prices.ts (have ${Object.keys(regionPrices).join(', ')}; default ${defaultRegion})`;

export interface LifecycleUsage {
  transitions: number;
  lambdaInvocations: number;
  /** Time spent in the API's requests, billed as the API Lambda's duration. */
  apiMs: number;
  /** Time spent in the step handlers, billed at their memory. */
  handlerMs: number;
  apiRequests: number;
  readUnits: number;
  writeUnits: number;
}

/** What one lifecycle costs in USD, by service; NaN everywhere (printed n/a) in an unpriced region. */
export function costOf(usage: LifecycleUsage, at: RegionPrices | null = prices) {
  if (!at) return { stepFunctions: Number.NaN, lambda: Number.NaN, dynamo: Number.NaN, api: Number.NaN, total: Number.NaN };
  const stepFunctions = usage.transitions * at.stepFunctionsPerTransition;
  const gbSeconds = (usage.apiMs / 1000) * memoryGb.api + (usage.handlerMs / 1000) * memoryGb.handlers;
  const lambda = usage.lambdaInvocations * at.lambdaPerRequest + gbSeconds * at.lambdaPerGbSecond;
  const dynamo = usage.readUnits * at.dynamoPerReadUnit + usage.writeUnits * at.dynamoPerWriteUnit;
  const api = usage.apiRequests * at.httpApiPerRequest;
  return { stepFunctions, lambda, dynamo, api, total: stepFunctions + lambda + dynamo + api };
}
