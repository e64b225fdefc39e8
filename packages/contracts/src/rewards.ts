export interface Reward {
  readonly rewardId: string;
  readonly name: string;
  readonly description: string;
  /** Ordinal of the lowest tier that unlocks the reward. */
  readonly minimumTier: number;
}

/** The reward catalogue: each reward is unlocked from a tier upward. Using one costs no points. */
export const REWARDS: readonly Reward[] = [
  {
    rewardId: 'free-shipping',
    name: 'Free shipping',
    description: 'Free standard shipping on one order.',
    minimumTier: 1,
  },
  {
    rewardId: 'birthday-gift',
    name: 'Birthday gift',
    description: 'A gift sent for the customer’s birthday.',
    minimumTier: 1,
  },
  {
    rewardId: 'priority-support',
    name: 'Priority support',
    description: 'Support requests are answered first.',
    minimumTier: 2,
  },
  {
    rewardId: 'lounge-access',
    name: 'Lounge access',
    description: 'One visit to a partner lounge.',
    minimumTier: 3,
  },
  {
    rewardId: 'personal-shopper',
    name: 'Personal shopper',
    description: 'A session with a personal shopper.',
    minimumTier: 4,
  },
];

export function rewardById(rewardId: string): Reward | undefined {
  return REWARDS.find((reward) => reward.rewardId === rewardId);
}
