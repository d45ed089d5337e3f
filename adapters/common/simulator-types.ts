import type { Request, Response, Router } from 'express';
import type { Platform } from '../../gateway/domain/canonical-declaration';
import type { InstanceConfig } from './adapter-types';

/**
 * A synthetic person of the sandbox, as a simulator makes their native record: Vietnamese names
 * with diacritics, a real province code, a CCCD consistent with sex and birth year, a unique phone,
 * and the ids a platform of their own gives them. Made by gateway/sandbox/synthetic-citizens.ts.
 */
export interface SyntheticCitizen {
  serial: number;
  fullName: string;
  /** The name as apps without diacritics store it. */
  asciiName: string;
  sex: 'male' | 'female';
  birthDate: string;
  provinceCode: string;
  cccd: string;
  phone: string;
  bluezoneId: string;
  zaloUserId: string;
  riskLevel: 'F0' | 'F1' | 'F2' | 'NONE';
  symptoms: ('fever' | 'cough' | 'sore-throat')[];
  /** The platforms this person declared on. */
  platforms: Platform[];
}

/** The records a simulated platform holds, newest last. Sandbox only: production code never loads a simulator. */
export class SimulatorRecords {
  private readonly records: unknown[] = [];

  add(record: unknown): void {
    this.records.push(record);
  }

  all(): readonly unknown[] {
    return this.records;
  }

  get size(): number {
    return this.records.length;
  }

  /** The newest record that matches, or undefined. */
  newest(match: (record: any) => boolean): unknown {
    for (let i = this.records.length - 1; i >= 0; i -= 1) if (match(this.records[i])) return this.records[i];
    return undefined;
  }
}

/**
 * What the sandbox needs to simulate one platform: its lookup routes and authentication, exactly
 * as platforms.md gives them, the way it fails under load, how fast it usually is, and the native
 * record a synthetic citizen would have there.
 */
export interface SimulatorDefinition {
  /** The share of synthetic citizens (0 to 1) who declared on this platform. */
  share: number;
  /** Typical latency: `latencyMs` plus up to `jitterMs` more. */
  latency: { latencyMs: number; jitterMs: number };
  /** Credentials for the gateway's client (generated per sandbox run). */
  credentials(secret: string): Record<string, string>;
  /** Whether a request carries valid credentials; the simulator answers 401 otherwise. */
  authenticate(req: Request, credentials: Record<string, string>): boolean;
  /** Installs the platform's lookup routes. */
  routes(router: Router, records: SimulatorRecords, instance: InstanceConfig): void;
  /** The platform's own answer when it fails (errorRate): its status, headers and body. */
  fail(req: Request, res: Response): void;
  /** The native record a citizen has on this platform, or undefined when they have none there. */
  recordFor(citizen: SyntheticCitizen, instance: InstanceConfig, at: Date): unknown;
}
