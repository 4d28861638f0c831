/** S3's POST policy: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html */
export type PostCondition = Record<string, string> | ['eq' | 'starts-with', string, string] | ['content-length-range', number, number];
export interface PostPolicy {
  expiration: string;
  conditions: PostCondition[];
}

/** Fields S3 never asks a condition for. */
const exempt = (name: string) =>
  ['policy', 'x-amz-signature', 'file'].includes(name.toLowerCase()) || name.toLowerCase().startsWith('x-ignore-');

/**
 * Checks a posted form against its policy the way S3 does: not expired, every condition met,
 * and no field the policy does not name. Returns why it is refused, or undefined.
 */
export function checkPostPolicy(
  policy: PostPolicy,
  fields: Record<string, string>,
  fileSize: number,
  now: Date,
): { status: 400 | 403; code: string; message: string } | undefined {
  const denied = (message: string) => ({ status: 403 as const, code: 'AccessDenied', message: `Invalid according to Policy: ${message}` });
  if (!(Date.parse(policy.expiration) > now.getTime())) return denied('Policy expired.');
  const named = new Set<string>();
  for (const condition of policy.conditions) {
    if (!Array.isArray(condition)) {
      for (const [name, value] of Object.entries(condition)) {
        named.add(name.toLowerCase());
        if (fields[name] !== value) return denied(`Policy Condition failed: ["eq", "$${name}", "${value}"]`);
      }
      continue;
    }
    const [operator, subject, bound] = condition;
    if (operator === 'content-length-range') {
      if (fileSize < subject || fileSize > bound) {
        return {
          status: 400,
          code: fileSize > bound ? 'EntityTooLarge' : 'EntityTooSmall',
          message: `Your proposed upload is ${fileSize} bytes; the allowed size is ${subject}–${bound} bytes`,
        };
      }
      continue;
    }
    const name = subject.replace(/^\$/, '');
    named.add(name.toLowerCase());
    const value = fields[name] ?? '';
    if (operator === 'eq' ? value !== bound : !value.startsWith(bound))
      return denied(`Policy Condition failed: ["${operator}", "${subject}", "${bound}"]`);
  }
  const extra = Object.keys(fields).filter((name) => !exempt(name) && !named.has(name.toLowerCase()));
  return extra.length ? denied(`Extra input fields: ${extra.join(', ')}`) : undefined;
}
