import { GatewayError } from '../errors/gateway-error';

/** The store cannot take a write now (Redis unreachable or timing out, memory store full): a 503. */
export class StoreUnavailable extends GatewayError {
  readonly code = 'store-unavailable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, [], options);
  }
}

export class StoreFull extends StoreUnavailable {}
