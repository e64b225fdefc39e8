import { MAX_EARNED_LOTS, type PointsExpiryPolicy } from '@loyalty/contracts';

/**
 * Earned points as lots, for accounts with an expiry policy: every credit adds to a lot with its
 * earning time, every debit spends the oldest lots first, and a lot whose time is up expires with
 * what is left of it. The lots always add up to the balance. Plain functions over plain JSON, no
 * clock of their own: every time comes from the lots or from the caller.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface PointsExpiryState {
  policy: PointsExpiryPolicy;
  /** Oldest first; together they hold the whole balance. */
  lots: EarnedLot[];
}

export interface EarnedLot {
  /** The latest earning merged into this lot: the lot expires `afterDays` after it. */
  earnedAt: string;
  points: number;
  /** The warning for this lot, as it now is, was sent. */
  warned?: true;
}

export function startExpiry(policy: PointsExpiryPolicy): PointsExpiryState {
  return { policy: { ...policy }, lots: [] };
}

export function expiresAt(expiry: PointsExpiryState, lot: EarnedLot): number {
  return Date.parse(lot.earnedAt) + expiry.policy.afterDays * DAY_MS;
}

/** When the lot's warning is due, or undefined when the policy warns of nothing. */
export function warningAt(expiry: PointsExpiryState, lot: EarnedLot): number | undefined {
  const { warningDays } = expiry.policy;
  return warningDays === undefined ? undefined : expiresAt(expiry, lot) - warningDays * DAY_MS;
}

/**
 * Adds earned points. Points earned on the same UTC day as the newest lot join it, and so do
 * points dated before it (a batch accepted a moment earlier) and, once MAX_EARNED_LOTS are kept,
 * any points: a merged lot takes the later of the two times, so no point expires earlier than it
 * would have on its own. A lot that changes is warned about again.
 */
export function creditLots(expiry: PointsExpiryState, points: number, now: number): void {
  if (points <= 0) return;
  const earnedAt = new Date(now).toISOString();
  const newest = expiry.lots.at(-1);
  if (newest !== undefined && (sameUtcDay(newest.earnedAt, earnedAt) || now <= Date.parse(newest.earnedAt) || expiry.lots.length >= MAX_EARNED_LOTS)) {
    newest.points += points;
    if (now > Date.parse(newest.earnedAt)) newest.earnedAt = earnedAt;
    delete newest.warned;
    return;
  }
  expiry.lots.push({ earnedAt, points });
}

/** Spends points from the oldest lots first. */
export function debitLots(expiry: PointsExpiryState, points: number): void {
  let left = points;
  while (left > 0 && expiry.lots.length > 0) {
    const oldest = expiry.lots[0]!;
    const spent = Math.min(oldest.points, left);
    oldest.points -= spent;
    left -= spent;
    if (oldest.points === 0) expiry.lots.shift();
  }
}

/** Takes out the lots that have expired by `now`: what they held, and the span of their earning days. */
export function takeExpired(expiry: PointsExpiryState, now: number): { points: number; lots: EarnedLot[]; at: number } | undefined {
  const expired: EarnedLot[] = [];
  while (expiry.lots.length > 0 && expiresAt(expiry, expiry.lots[0]!) <= now) expired.push(expiry.lots.shift()!);
  if (expired.length === 0) return undefined;
  return {
    points: expired.reduce((sum, lot) => sum + lot.points, 0),
    lots: expired,
    // The time the last of them expired, from the lots alone: the same whenever this runs.
    at: expiresAt(expiry, expired.at(-1)!),
  };
}

/** The lots whose warning is due by `now` and not sent yet (each is marked as warned). */
export function takeWarnings(expiry: PointsExpiryState, now: number): EarnedLot[] {
  const due = expiry.lots.filter((lot) => !lot.warned && (warningAt(expiry, lot) ?? Number.POSITIVE_INFINITY) <= now);
  for (const lot of due) lot.warned = true;
  return due;
}

/** The next time something is due, a warning or an expiry; undefined when nothing ever is. */
export function nextDueAt(expiry: PointsExpiryState): number | undefined {
  let next: number | undefined;
  for (const lot of expiry.lots) {
    const warning = lot.warned ? undefined : warningAt(expiry, lot);
    const due = Math.min(expiresAt(expiry, lot), warning ?? Number.POSITIVE_INFINITY);
    if (next === undefined || due < next) next = due;
  }
  return next;
}

function sameUtcDay(a: string, b: string): boolean {
  return a.slice(0, 10) === b.slice(0, 10);
}
