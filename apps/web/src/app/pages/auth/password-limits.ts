/** The lengths the API accepts for a password. */
export const PASSWORD_LIMITS = { min: 12, max: 200 } as const;
