/** The store cannot take a write now (Redis unreachable or timing out, memory store full): a 503. */
export class StoreUnavailable extends Error {}

export class StoreFull extends StoreUnavailable {}
