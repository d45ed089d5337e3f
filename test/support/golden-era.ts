/**
 * The golden records are records of 2021, years past any retention window today. Suites that store
 * them keep declarations for ten years (the most the setting allows), so that what they test is not
 * hidden by retention, which test/store/retention.test.ts tests on its own with the clock moved.
 */
export const GOLDEN_ERA = { DECLARATION_RETENTION_DAYS: '3650' } as const;
