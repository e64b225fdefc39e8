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
  const credited = new Map<string, string>();
  for (const order of ['1001', '1002']) {
    const earned = await loyalty.addPoints(customerId, { points: 300, reason: `order ${order}` }, { idempotencyKey: `order-${order}-points` });
    if (earned.status !== 200) throw new Error(`order ${order}: ${earned.status} ${earned.problem?.detail}`);
    credited.set(order, earned.data!.entry!.at);
    log(`order ${order}: balance ${earned.data!.customer.points}`);
  }

  // A bonus accepted at once (202) and followed to its outcome.
  const bonus = await loyalty.addPoints(customerId, { points: 50, reason: 'review bonus' }, { idempotencyKey: 'review-1001-bonus', respondAsync: true });
  const outcome = bonus.status === 202 ? (await loyalty.settle(bonus)).data : undefined;
  log(`review bonus: ${bonus.status === 202 ? outcome?.status : bonus.status}`);

  // A bonus for order 1002 once its 30-day return window has closed: scheduled now, applied by the
  // account then (no cron here), cancellable meanwhile if the order comes back. The window runs
  // from when the order was credited, which every re-run of this script reads back alike.
  const creditedAt = credited.get('1002')!;
  const notBefore = new Date(Date.parse(creditedAt) + 30 * 86_400_000).toISOString();
  const kept = await loyalty.addPoints(customerId, { points: 100, reason: 'order 1002 kept', notBefore }, { idempotencyKey: 'order-1002-kept-bonus' });
  const scheduled = await loyalty.listScheduledCommands(customerId);
  log(`order 1002 bonus: ${kept.status === 202 ? 'scheduled' : kept.status}; ${scheduled.data!.commands.length} scheduled`);

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
