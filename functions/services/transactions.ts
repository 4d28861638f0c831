/**
 * DynamoDB cancels a transaction that collides with another one in flight on the same items
 * (`TransactionConflict`) without judging its conditions. Only a failed condition decides a race,
 * so a transaction cancelled only by a collision is written again, a few times, with jitter.
 */
export async function writeResolvingCollisions<R extends { canceled: boolean; data?: unknown }>(write: () => Promise<R>): Promise<R> {
  let result = await write();
  for (let attempt = 1; result.canceled && onlyCollided(result.data) && attempt <= 5; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    result = await write();
  }
  return result;
}

function onlyCollided(reasons: unknown): boolean {
  const codes = (Array.isArray(reasons) ? reasons : []).map((r: { code?: string }) => r?.code);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}
