import type { Platform } from '../gateway/domain/canonical-declaration';
import { bluezoneSimulator } from './bluezone/bluezone-simulator';
import { c06Simulator } from './c06/c06-simulator';
import type { SimulatorDefinition } from './common/simulator-types';
import { ncoviSimulator } from './ncovi/ncovi-simulator';
import { smartcitySimulator } from './smartcity/smartcity-simulator';
import { tokhaiyteSimulator } from './tokhaiyte/tokhaiyte-simulator';
import { zaloSimulator } from './zalo/zalo-simulator';

export { SimulatorRecords, type SimulatorDefinition, type SyntheticCitizen } from './common/simulator-types';

/**
 * The simulators' registry: each platform's simulated lookup API, one line per platform of the
 * registry (typed by Platform, so a platform without its simulator does not compile). Imported by
 * the sandbox only: production code never loads a simulator, and `npm run build` leaves them out.
 */
export const SIMULATORS: Readonly<Record<Platform, SimulatorDefinition>> = {
  tokhaiyte: tokhaiyteSimulator,
  ncovi: ncoviSimulator,
  bluezone: bluezoneSimulator,
  zalo: zaloSimulator,
  c06: c06Simulator,
  smartcity: smartcitySimulator,
};
