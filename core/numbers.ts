import { z } from 'zod';
import { issueCode } from './problem-codes';

/**
 * Every number the API takes is one of these kinds, each bounded to what it means in the domain.
 * Bounds alone are not enough: `1e-200` lies between 0 and 100 but DynamoDB cannot store it
 * (|x| < 1e-130), so fractions are held to the precision a person writes.
 */

/** At most two decimals, as written: `String(x)` of such a JSON number never uses an exponent. */
const TWO_DECIMALS = /^-?\d+(\.\d{1,2})?$/;
const hasTwoDecimalsAtMost = (x: number) => TWO_DECIMALS.test(String(x));

const twoDecimals = (schema: z.ZodNumber) =>
  schema.refine(hasTwoDecimalsAtMost, { message: 'at most two decimals', ...issueCode('too-precise') });

/** Things counted: people, places, days, a quota, a rank. */
export const count = (min: number, max: number) => z.number().int().min(min).max(max);

/** A criterion's relative weight in the combined score: positive, with a floor, two decimals. */
export const weight = twoDecimals(z.number().min(0.01).max(100));

/** An expert's score on one criterion (its own maximum is checked against the rubric): two decimals. */
export const score = twoDecimals(z.number().min(0).max(100));

/** A KPI's figure (a target or an actual): a share, hours, a count — never negative, two decimals. */
export const figure = twoDecimals(z.number().min(0).max(1e9));

/** A measured quantity a person gives in a form (square metres): two decimals. */
export const quantity = (min: number, max: number) => twoDecimals(z.number().min(min).max(max));
