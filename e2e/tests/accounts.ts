/** The instance's admin, made first by global-setup.ts (a test-only password on a throwaway database). */
export const E2E_ADMIN = { email: 'e2e.admin@example.com', password: 'e2e admin, a throwaway database', displayName: 'E2E Admin' } as const;
