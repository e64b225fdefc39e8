import { LEDGER_WINDOW_SIZE, type LedgerEntry, type LedgerPage, type LedgerPageRequest } from '@loyalty/contracts';
import type { LedgerWindow } from './state.js';

export { LEDGER_WINDOW_SIZE };

export function emptyLedger(): LedgerWindow {
  return { entries: [], nextEntryId: 1, balanceBeforeWindow: 0 };
}

export function appendEntry(ledger: LedgerWindow, entry: Omit<LedgerEntry, 'id'>): LedgerEntry {
  const recorded: LedgerEntry = { id: ledger.nextEntryId, ...entry };
  ledger.nextEntryId += 1;
  ledger.entries.push(recorded);
  while (ledger.entries.length > LEDGER_WINDOW_SIZE) {
    const dropped = ledger.entries.shift()!;
    ledger.balanceBeforeWindow += dropped.delta;
  }
  return recorded;
}

/** Newest first; `beforeId` continues from where the previous page stopped. */
export function ledgerPage(ledger: LedgerWindow, request: LedgerPageRequest): LedgerPage {
  const older =
    request.beforeId === undefined ? ledger.entries : ledger.entries.filter((entry) => entry.id < request.beforeId!);
  const page = older.slice(-request.limit).reverse();
  const oldestOnPage = page[page.length - 1];
  const hasMore = oldestOnPage !== undefined && ledger.entries[0] !== undefined && oldestOnPage.id > ledger.entries[0].id;
  return {
    entries: page,
    ...(hasMore ? { nextBeforeId: oldestOnPage.id } : {}),
    totalEntries: ledger.nextEntryId - 1,
    balanceBeforeWindow: ledger.balanceBeforeWindow,
  };
}
