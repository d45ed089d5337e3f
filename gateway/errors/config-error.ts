import { GatewayError } from './gateway-error';

/**
 * A configuration the gateway refuses to start with; its message names the variable (or the
 * entry of a configuration file) at fault. Raised by the configuration loader and by the adapter
 * registry alike, so that an entry point exits the same way whichever of them refused.
 */
export class ConfigError extends GatewayError {
  readonly code = 'config';
}
