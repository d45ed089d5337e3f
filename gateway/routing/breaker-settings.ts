/**
 * A breaker's settings. Each platform's defaults are part of its definition (adapters/<platform>/
 * <platform>-adapter.ts, a required field), and an instance may override them in configuration:
 * AdapterInstance.breaker merges the two. Nothing here lists platforms.
 */
export type { BreakerSettings } from '../../adapters';
