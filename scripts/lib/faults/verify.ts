// The invariants after the faults, per customer: balance = the sum of the changes the clients
// were told were applied = the sum of the ledger's entries; no idempotency key in two entries;
// and every acknowledged outcome still reads the same through the outcome resource.
import { setTimeout as sleep } from 'node:timers/promises';
import { outcomeFromRecord, read, sameOutcome, type Apis, type EntryCore } from './clients.js';
import { GUEST_RAISE, parallel, type Workload } from './workload.js';

/** How long a guest's balance may take to settle (an invitation's raise arrives as a signal). */
const SETTLE_MS = 30_000;
const READS_AT_ONCE = 8;

interface Expected {
  points: number;
  /** Applied commands that wrote an entry under their key: the entry the client was told of. */
  keyed: Map<string, EntryCore | undefined>;
  /** Keys of commands acknowledged as rejected that still leave an entry (a gift sent and returned). */
  returned: Set<string>;
  /** Gifts from hosts credited to this account, and invitations that raised it. */
  giftsReceived: number;
  raises: number;
}

export interface Verdict {
  customers: number;
  lost: number;
  doubled: number;
  outcomesChecked: number;
  problems: string[];
}

export async function verify(apis: Apis, workload: Workload): Promise<Verdict> {
  const expected = new Map<string, Expected>();
  const of = (id: string) => {
    let account = expected.get(id);
    if (!account) expected.set(id, (account = { points: 0, keyed: new Map(), returned: new Set(), giftsReceived: 0, raises: 0 }));
    return account;
  };
  const problems: string[] = [];
  for (const command of workload.commands) {
    if (command.outcome === undefined) {
      problems.push(`${command.kind} ${command.key} on ${command.customerId}: ${command.gaveUp ?? 'never acknowledged'}`);
      continue;
    }
    const host = of(command.customerId);
    const { outcome } = command;
    if (outcome.status === 'rejected') {
      if (command.kind === 'gift') host.returned.add(command.key);
      continue;
    }
    switch (command.kind) {
      case 'earn':
      case 'earn async':
        host.points += command.points!;
        host.keyed.set(command.key, outcome.entry);
        break;
      case 'gift': {
        host.points -= command.points!;
        host.keyed.set(command.key, outcome.entry);
        const guest = of(command.guestId!);
        guest.points += command.points!;
        guest.giftsReceived += 1;
        break;
      }
      case 'redemption':
        host.keyed.set(command.key, outcome.entry);
        break;
      case 'invitation': {
        const guest = of(command.guestId!);
        guest.points += GUEST_RAISE;
        guest.raises += 1;
        break;
      }
      case 'enrol':
        break;
    }
  }

  let lost = 0;
  let doubled = 0;
  const deadline = Date.now() + SETTLE_MS;
  await parallel(READS_AT_ONCE, [...expected], async ([customerId, want]) => {
    // Read until the account agrees or the settling time is up; judge the last read.
    let found: Awaited<ReturnType<typeof readAccount>>;
    for (;;) {
      found = await readAccount(apis, customerId);
      if (typeof found === 'string' || (found.points === want.points && found.ledgerSum === want.points) || Date.now() > deadline) break;
      await sleep(500);
    }
    if (typeof found === 'string') {
      problems.push(`${customerId}: ${found}`);
      lost += want.keyed.size + want.giftsReceived + want.raises;
      return;
    }
    const { points, ledgerSum, entries } = found;
    if (points !== want.points || ledgerSum !== want.points) {
      problems.push(`${customerId}: balance ${points}, acknowledged changes sum to ${want.points}, ledger entries to ${ledgerSum}`);
    }
    const byKey = new Map<string, EntryCore[]>();
    for (const entry of entries) {
      if (entry.idempotencyKey === undefined) continue;
      byKey.set(entry.idempotencyKey, [...(byKey.get(entry.idempotencyKey) ?? []), entry]);
    }
    for (const [key, withKey] of byKey) {
      if (withKey.length > 1) {
        doubled += withKey.length - 1;
        problems.push(`${customerId}: key ${key} in ${withKey.length} ledger entries (${withKey.map((entry) => entry.id).join(', ')})`);
      }
      // A change under a key the client was never told was applied: applied once more than it knows.
      if (!want.keyed.has(key) && !want.returned.has(key)) {
        doubled += 1;
        problems.push(`${customerId}: entry ${withKey[0]!.id} under key ${key}, which was never acknowledged as applied`);
      }
    }
    for (const [key, told] of want.keyed) {
      const entry = byKey.get(key)?.[0];
      if (entry === undefined) {
        lost += 1;
        problems.push(`${customerId}: no ledger entry for acknowledged command ${key}`);
      } else if (told && (['id', 'kind', 'delta', 'balanceAfter'] as const).some((field) => told[field] !== entry[field])) {
        problems.push(`${customerId}: entry of ${key} is ${JSON.stringify(core(entry))}, the client was told ${JSON.stringify(told)}`);
      }
    }
    const received = entries.filter((entry) => entry.kind === 'giftReceived').length;
    // An invitation opens a new guest's account at the tier's minimum, or raises an existing one.
    const raised = entries.filter((entry) => entry.kind === 'opening' || entry.kind === 'statusRaise').length;
    for (const [what, got, wanted] of [['gifts received', received, want.giftsReceived], ['invitation raises', raised, want.raises]] as const) {
      if (got < wanted) lost += wanted - got;
      if (got > wanted) doubled += got - wanted;
      if (got !== wanted) problems.push(`${customerId}: ${got} ${what} in the ledger, ${wanted} acknowledged`);
    }
  });

  // Every acknowledged outcome, read again by its key through either API.
  const keyedCommands = workload.commands.filter((command) => command.outcome !== undefined && !command.unkeyed);
  await parallel(READS_AT_ONCE, keyedCommands, async (command) => {
    const reply = await read(apis, `/customers/${command.customerId}/commands/${command.key}`, Date.now() + SETTLE_MS);
    const now = reply.status === 200 ? outcomeFromRecord(reply.body) : undefined;
    if (now === undefined || !sameOutcome(command.outcome!, now)) {
      problems.push(`${command.kind} ${command.key} on ${command.customerId}: acknowledged ${JSON.stringify(command.outcome)}, now reads ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  });

  return { customers: expected.size, lost, doubled, outcomesChecked: keyedCommands.length, problems };
}

interface Entry extends EntryCore {
  idempotencyKey?: string;
}

const core = ({ id, kind, delta, balanceAfter }: EntryCore): EntryCore => ({ id, kind, delta, balanceAfter });

/** The balance and the whole ledger, or why they cannot be read in full. */
async function readAccount(apis: Apis, customerId: string): Promise<{ points: number; ledgerSum: number; entries: Entry[] } | string> {
  const deadline = Date.now() + SETTLE_MS;
  const customer = await read(apis, `/customers/${customerId}`, deadline);
  if (customer.status !== 200) return `GET /customers/${customerId} answered ${customer.status} ${JSON.stringify(customer.body)}`;
  const entries: Entry[] = [];
  let page = await read(apis, `/customers/${customerId}/transactions?limit=200`, deadline);
  if (page.status !== 200) return `its ledger answered ${page.status} ${JSON.stringify(page.body)}`;
  const { balanceBeforeWindow, totalEntries } = page.body as { balanceBeforeWindow: number; totalEntries: number };
  for (;;) {
    entries.push(...(page.body.entries as Entry[]));
    if (page.body.next === undefined) break;
    page = await read(apis, page.body.next, deadline);
    if (page.status !== 200) return `its ledger answered ${page.status} ${JSON.stringify(page.body)}`;
  }
  // The suite keeps each account inside the window, so that every entry ever written is seen.
  if (entries.length !== totalEntries || balanceBeforeWindow !== 0) return `${totalEntries} entries, ${entries.length} in the window: the workload outgrew the ledger window`;
  return { points: customer.body.points, ledgerSum: entries.reduce((sum, entry) => sum + entry.delta, 0), entries };
}
