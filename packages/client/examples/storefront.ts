// What a storefront backend does with the client: enrol a shopper, credit an order's points
// exactly once (the order number is the key, so a crash and a re-run change nothing), redeem a
// reward, and read the ledger. With `npm run dev` running:
//
//   npx tsx packages/client/examples/storefront.ts            # LOYALTY_URL, LOYALTY_API_KEY, CUSTOMER_ID to change
import { pathToFileURL } from 'node:url';
// A storefront imports '@loyalty/client'; run from this repository, the source is next door.
import { createLoyaltyClient, type LoyaltyClient } from '../src/index.js';

export async function storefront(loyalty: LoyaltyClient, customerId: string, log: (line: string) => void = console.log): Promise<void> {
  const enrolled = await loyalty.enrol({ customerId, name: 'Ada Lovelace', email: 'ada@example.com' });
  // 409 customer-exists: enrolled by an earlier run of this script.
  if (enrolled.status !== 201 && enrolled.problem?.code !== 'customer-exists') throw new Error(`enrol: ${enrolled.status} ${enrolled.problem?.detail}`);

  // One key per order: running this again credits nothing twice.
  for (const order of ['1001', '1002']) {
    const earned = await loyalty.addPoints(customerId, { points: 300, reason: `order ${order}` }, { idempotencyKey: `order-${order}-points` });
    if (earned.status !== 200) throw new Error(`order ${order}: ${earned.status} ${earned.problem?.detail}`);
    log(`order ${order}: balance ${earned.data!.customer.points}`);
  }

  // A bonus accepted at once (202) and followed to its outcome.
  const bonus = await loyalty.addPoints(customerId, { points: 50, reason: 'review bonus' }, { idempotencyKey: 'review-1001-bonus', respondAsync: true });
  const outcome = bonus.status === 202 ? (await loyalty.settle(bonus)).data : undefined;
  log(`review bonus: ${bonus.status === 202 ? outcome?.status : bonus.status}`);

  const redeemed = await loyalty.redeem(customerId, { rewardId: 'free-shipping' }, { idempotencyKey: 'order-1003-free-shipping' });
  log(`free shipping: ${redeemed.status === 201 ? 'redeemed' : redeemed.problem?.code}`);

  const customer = await loyalty.getCustomer(customerId);
  const ledger = await loyalty.listTransactions(customerId);
  log(`${customer.data!.name}: ${customer.data!.points} points, ${customer.data!.tier.name}; ${ledger.data!.entries.length} ledger entries`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const loyalty = createLoyaltyClient({ baseUrl: process.env.LOYALTY_URL ?? 'http://localhost:3000', apiKey: process.env.LOYALTY_API_KEY ?? 'dev-storefront-key' });
  await storefront(loyalty, process.env.CUSTOMER_ID ?? 'ada');
}
