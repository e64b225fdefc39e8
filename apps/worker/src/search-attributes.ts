import type { Connection } from '@temporalio/client';
import { searchAttributes, type LoyaltySearchAttribute } from '@loyalty/contracts';

/**
 * The loyalty search attributes the namespace lacks. Upserting an unregistered one would fail
 * every workflow task of every account, so the worker refuses to start instead.
 */
export async function missingSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<LoyaltySearchAttribute[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const registered = new Set(Object.keys(customAttributes ?? {}));
  return (Object.keys(searchAttributes) as LoyaltySearchAttribute[]).filter((name) => !registered.has(name));
}
