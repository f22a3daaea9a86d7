export const OUTLET_TIERS = ['national', 'regional', 'local', 'trade', 'international', 'other'] as const;
export type OutletTier = (typeof OUTLET_TIERS)[number];
