import {
  MAX_HOSTS_REMEMBERED,
  type GiftDelivery,
  type GiftReceipt,
  type GiftReceiptRequest,
  type Invitation,
} from '@loyalty/contracts';
import { changePoints, ensureMinimumStatus, giftIdFor, notify, optional, type Decision } from './account.js';
import { findRecord } from './idempotency.js';
import type { AccountState, HostRecord } from './state.js';

/**
 * The guest's side of gifts and invitations. What an account did with each host's gifts is kept
 * here, apart from its idempotency records: client traffic cannot evict it and no client key can
 * collide with it. Each host numbers its gifts and tells, with every delivery, below which number
 * it will never deliver again; records below that are forgotten, so the register holds only what
 * a host may still ask about.
 */

/** Credits a gift once per gift number; a repeat is answered as the first delivery was. */
export function receiveGift(state: AccountState, delivery: GiftDelivery, now: number): GiftReceipt {
  const host = hostRecord(state, delivery.fromCustomerId, now);
  host.settledBelow = Math.max(host.settledBelow, delivery.settledBelow);
  host.gifts = host.gifts.filter((gift) => gift.giftNumber >= host.settledBelow);

  const known = receiptOf(state, host, delivery.giftNumber);
  if (known) return known;
  if (delivery.giftNumber < host.settledBelow) {
    // A late attempt of a gift the host has settled already: whatever is answered goes nowhere.
    return { status: 'refused', rejection: { code: 'invalid-command', detail: 'This gift was settled already.' } };
  }
  const receipt = decide(state, delivery);
  host.gifts.push({ giftNumber: delivery.giftNumber, receipt });
  return receipt;
}

function decide(state: AccountState, delivery: GiftDelivery): GiftReceipt {
  if (delivery.voidIfNew) return { status: 'voided' };
  const hostId = delivery.fromCustomerId;
  if (!state.accountActive) {
    return { status: 'refused', rejection: { code: 'guest-account-closed', detail: `${state.customerId} has closed their account.` } };
  }
  const at = Date.parse(delivery.sentAt);
  const details = { counterparty: hostId, reason: `Gift from ${hostId}` };
  let decision: Decision;
  if (delivery.points !== undefined) {
    decision = changePoints(state, delivery.points, { kind: 'giftReceived', ...details }, at);
  } else if (delivery.tier !== undefined) {
    decision = ensureMinimumStatus(state, delivery.tier, at, details);
  } else {
    return { status: 'refused', rejection: { code: 'invalid-command', detail: 'A gift carries either points or a tier.' } };
  }
  if (!decision.ok) return { status: 'refused', rejection: decision.rejection };
  notify(state, 'giftReceived', 'You received a gift', `${hostId} sent you a gift.`, undefined, {
    hostId,
    ...(delivery.points === undefined ? {} : { points: delivery.points }),
  });
  return { status: 'credited' };
}

/** What this account did with a host's gift, or null if it holds no record of it. */
export function giftReceipt(state: AccountState, request: GiftReceiptRequest): GiftReceipt | null {
  const host = state.hosts.find((candidate) => candidate.hostId === request.fromCustomerId);
  return receiptOf(state, host, request.giftNumber) ?? null;
}

function receiptOf(state: AccountState, host: HostRecord | undefined, giftNumber: number): GiftReceipt | undefined {
  const recorded = host?.gifts.find((gift) => gift.giftNumber === giftNumber)?.receipt;
  if (recorded || host === undefined) return recorded;
  // Gifts delivered by earlier workflow code were idempotency records keyed by the gift ID.
  const legacy = findRecord(state, giftIdFor(host.hostId, giftNumber));
  if (legacy === undefined || legacy.commandType !== 'receiveGift' || legacy.outcome.status === 'pending') return undefined;
  return legacy.outcome.status === 'applied' ? { status: 'credited' } : { status: 'refused', rejection: legacy.outcome.rejection };
}

/**
 * `ensureMinimumStatus`, from a host's invitation or from anyone else. An invitation raises the
 * account once per host, however often it is delivered: a retried invitation must not raise a
 * guest again after it has spent points.
 */
export function acceptMinimumStatus(state: AccountState, tier: number, invitation: Invitation | undefined, now: number): Decision {
  if (invitation === undefined) return ensureMinimumStatus(state, tier, now);
  const host = hostRecord(state, invitation.hostId, now);
  if (host.invited) return { ok: true, result: {} };
  const decision = ensureMinimumStatus(state, tier, now, { counterparty: invitation.hostId });
  if (decision.ok) host.invited = true;
  return decision;
}

function hostRecord(state: AccountState, hostId: string, now: number): HostRecord {
  const lastHeardAt = new Date(now).toISOString();
  let host = state.hosts.find((candidate) => candidate.hostId === hostId);
  if (host === undefined) {
    host = { hostId, settledBelow: 1, gifts: [], lastHeardAt };
    state.hosts.push(host);
    if (state.hosts.length > MAX_HOSTS_REMEMBERED) {
      // The host heard from longest ago goes; hosts are kept in the order they were last heard from.
      state.hosts.shift();
    }
  } else {
    host.lastHeardAt = lastHeardAt;
    state.hosts.splice(state.hosts.indexOf(host), 1);
    state.hosts.push(host);
  }
  return host;
}

/** A gift as earlier workflow code delivered it: a command in the guest's command batch. */
export interface LegacyReceiveGiftCommand {
  type: 'receiveGift';
  giftId: string;
  fromCustomerId: string;
  points?: number;
  tier?: number;
}

/** How earlier workflow code credited such a gift; kept so that its histories replay alike. */
export function receiveLegacyGift(state: AccountState, command: LegacyReceiveGiftCommand, now: number, idempotencyKey?: string): Decision {
  const details = { counterparty: command.fromCustomerId, reason: `Gift from ${command.fromCustomerId}`, ...optional({ idempotencyKey }) };
  const decision =
    command.points !== undefined
      ? changePoints(state, command.points, { kind: 'giftReceived', ...details }, now)
      : ensureMinimumStatus(state, command.tier ?? 0, now, details);
  if (!decision.ok) return decision;
  notify(state, 'giftReceived', 'You received a gift', `${command.fromCustomerId} sent you a gift.`);
  return { ok: true, result: { ...decision.result, giftId: command.giftId } };
}
