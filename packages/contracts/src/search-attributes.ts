import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes the actor keeps current so that accounts can be listed and filtered through
 * Temporal's visibility. A namespace must have them registered before the worker starts.
 */
export const searchAttributes = {
  LoyaltyTier: 'Keyword',
  LoyaltyAccountActive: 'Bool',
} as const;

export type LoyaltySearchAttribute = keyof typeof searchAttributes;

export const tierSearchAttribute = defineSearchAttributeKey('LoyaltyTier', SearchAttributeType.KEYWORD);
export const accountActiveSearchAttribute = defineSearchAttributeKey('LoyaltyAccountActive', SearchAttributeType.BOOL);
