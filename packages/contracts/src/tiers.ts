export interface Tier {
  readonly ordinal: number;
  readonly name: TierName;
  readonly minimumPoints: number;
  readonly guestsAllowed: number;
}

export const TIER_NAMES = ['Member', 'Bronze', 'Silver', 'Gold', 'Platinum'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** SPEC §3, lowest first. The tier of an account is derived from its balance. */
export const TIERS: readonly Tier[] = [
  { ordinal: 0, name: 'Member', minimumPoints: 0, guestsAllowed: 0 },
  { ordinal: 1, name: 'Bronze', minimumPoints: 500, guestsAllowed: 1 },
  { ordinal: 2, name: 'Silver', minimumPoints: 1000, guestsAllowed: 2 },
  { ordinal: 3, name: 'Gold', minimumPoints: 2000, guestsAllowed: 5 },
  { ordinal: 4, name: 'Platinum', minimumPoints: 5000, guestsAllowed: 10 },
];

export const LOWEST_TIER = TIERS[0]!;
export const HIGHEST_TIER = TIERS[TIERS.length - 1]!;

export function tierForPoints(points: number): Tier {
  let tier = LOWEST_TIER;
  for (const candidate of TIERS) {
    if (points >= candidate.minimumPoints) tier = candidate;
  }
  return tier;
}

export function tierByOrdinal(ordinal: number): Tier | undefined {
  return TIERS.find((tier) => tier.ordinal === ordinal);
}
