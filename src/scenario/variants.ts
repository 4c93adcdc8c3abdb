/** Design variants: the same design with one of its options switched on, to measure it alone. */
import type { Design } from './schema.js';

/** The options a design can switch on (co-located officers, weekly interagency meeting). */
export const DESIGN_OPTIONS = [
  'liaisonOfficers',
  'exchangeOfficers',
  'roeMutuallyAccepted',
  'weeklyInteragency',
] as const;
export type DesignOption = (typeof DESIGN_OPTIONS)[number];

/** The design with the given options on, its id suffixed `+option` for each. */
export function withOptions(design: Design, options: readonly DesignOption[]): Design {
  const on = Object.fromEntries(options.map((o) => [o, true]));
  return {
    ...design,
    id: [design.id, ...options].join('+'),
    options: { ...design.options, ...on },
  };
}
