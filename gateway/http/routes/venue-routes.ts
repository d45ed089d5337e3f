import type { Request } from 'express';
import { routes, type Routes } from '../route-table';
import type { Venue } from '../../domain/venue';
import { qrPrintPng, qrSvg } from '../../qr/qr-image';
import type { GatewayStore } from '../../store/gateway-store';
import type { VenueService } from '../../venues/venue-service';
import { requireScope } from '../authenticate';
import { jsonBody, rawBody } from '../body';
import { handle } from '../handle';
import { idempotencyKey, idempotent } from '../idempotency';
import { NotFound, ValidationFailed } from '../problems';
import { jsonReply } from '../reply';

export interface VenueRouteDependencies {
  /** For Idempotency-Key. */
  store: GatewayStore;
  venues: VenueService;
}

/** POST /v1/venues, GET /v1/venues/{id}, and its QR as text, as a PNG to print and as SVG. */
export function venueRoutes({ store, venues }: VenueRouteDependencies): Routes {
  const router = routes();
  const read = requireScope('venues:read', 'tracing');
  const venueOf = async (req: Request): Promise<Venue> => {
    const venue = await venues.get(req.params.venueId as string);
    if (!venue) throw new NotFound('no venue with this id');
    return venue;
  };

  router.post(
    '/v1/venues',
    requireScope('venues:write'),
    rawBody('64kb'),
    idempotent(store, async (req, context) => {
      const { caller, note } = context;
      const registered = await venues.register(
        jsonBody(req, 'one venue registration as JSON'),
        caller.subject,
        idempotencyKey(req, context),
      );
      if (!registered.ok)
        throw new ValidationFailed(
          `the venue was refused for ${registered.reasons.length} reason(s); each error names its field`,
          registered.reasons.map(({ pointer, code, message }) => ({ pointer, code, message })),
        );
      note({ venueId: registered.venue.venueId });
      return jsonReply(201, registered.venue);
    }),
  );
  router.get(
    '/v1/venues/:venueId',
    read,
    handle(async (req) => jsonReply(200, await venueOf(req))),
  );
  router.get(
    '/v1/venues/:venueId/qr',
    read,
    handle(async (req) => jsonReply(200, { qr: (await venueOf(req)).qr })),
  );
  router.get(
    '/v1/venues/:venueId/qr.png',
    read,
    handle(async (req) => ({ status: 200, contentType: 'image/png', body: await qrPrintPng((await venueOf(req)).qr) })),
  );
  router.get(
    '/v1/venues/:venueId/qr.svg',
    read,
    handle(async (req) => ({ status: 200, contentType: 'image/svg+xml', body: await qrSvg((await venueOf(req)).qr) })),
  );
  return router;
}
