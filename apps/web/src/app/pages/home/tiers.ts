export interface Tier {
  id: 'free' | 'early' | 'mid' | 'enterprise';
  name: string;
  audience: string;
  price: string;
  unit?: string;
  terms: string;
}

/** What each plan costs. Paid plans are capped: you pay the flat fee or the share of measured AI spend, whichever is less. */
export const TIERS: readonly Tier[] = [
  { id: 'free', name: 'Free', audience: 'See where your AI spend goes', price: '$0', terms: 'No charge.' },
  {
    id: 'early',
    name: 'Early',
    audience: 'For teams starting to scale AI',
    price: '$99',
    unit: '/mo',
    terms: 'Or 2% of your measured AI spend, whichever is less.',
  },
  {
    id: 'mid',
    name: 'Mid',
    audience: 'For teams with a growing AI bill',
    price: '$499',
    unit: '/mo',
    terms: 'Or 5% of your measured AI spend, whichever is less.',
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    audience: 'For organisations with large AI budgets',
    price: 'Custom',
    terms: '8–15% of AI spend, agreed with our sales team.',
  },
];
