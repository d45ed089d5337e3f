import type { Request } from 'express';
import { routes, type Routes } from '../route-table';
import type { CanonicalDeclaration } from '../../domain/canonical-declaration';
import type { CitizenQr } from '../../identity/citizen-qr';
import { formatIct } from '../../normalize/dates';
import type { AuditLog } from '../../operations/audit-log';
import { mask } from '../../normalize/documents';
import { qrPng, qrSvg } from '../../qr/qr-image';
import type { CitizenProfile, GatewayStore } from '../../store/gateway-store';
import { requireScope } from '../authenticate';
import { handle } from '../handle';
import { idempotencyKey, idempotent } from '../idempotency';
import { NotFound } from '../problems';
import { jsonReply } from '../reply';

export interface CitizenRouteDependencies {
  store: GatewayStore;
  citizenQr: CitizenQr;
  /** The operators' audit trail: a revocation hands the operator the citizen's new code, and is on record. */
  audit: AuditLog;
}

const NEWEST = 20;

/** GET /v1/citizens/{id}, its QR as text, PNG and SVG, and the operator's revocation. */
export function citizenRoutes({ store, citizenQr, audit }: CitizenRouteDependencies): Routes {
  const router = routes();
  const read = requireScope('citizens:read');
  const citizenOf = async (req: Request): Promise<CitizenProfile> => {
    const citizen = await store.getCitizen(req.params.citizenId as string);
    if (!citizen) throw new NotFound('no citizen with this id');
    return citizen;
  };
  const qrOf = async (req: Request) => {
    const citizen = await citizenOf(req);
    return (await citizenQr.current(citizen.citizenId, citizen.qr ?? null)).text;
  };

  router.get(
    '/v1/citizens/:citizenId',
    read,
    handle(async (req) => {
      const citizen = await citizenOf(req);
      const [qr, declarations] = await Promise.all([
        citizenQr.current(citizen.citizenId, citizen.qr ?? null),
        store.latestDeclarations(citizen.citizenId, NEWEST),
      ]);
      return jsonReply(200, {
        citizenId: citizen.citizenId,
        qr: qr.text,
        // Each shown by its last 3 characters only: a document, a phone and a platform's own id
        // (an NCOVI person, a Zalo account, a Bluezone device) each find the person outside the gateway.
        identifiers: citizen.identifiers.map(({ system, value }) => ({ system, value: mask(value) })),
        instances: citizen.instances,
        declarations: declarations.map(summary),
      });
    }),
  );
  router.get(
    '/v1/citizens/:citizenId/qr',
    read,
    handle(async (req) => jsonReply(200, { qr: await qrOf(req) })),
  );
  router.get(
    '/v1/citizens/:citizenId/qr.png',
    read,
    handle(async (req) => ({ status: 200, contentType: 'image/png', body: await qrPng(await qrOf(req)) })),
  );
  router.get(
    '/v1/citizens/:citizenId/qr.svg',
    read,
    handle(async (req) => ({ status: 200, contentType: 'image/svg+xml', body: await qrSvg(await qrOf(req)) })),
  );
  router.post(
    '/v1/citizens/:citizenId/qr/revoke',
    requireScope('operator'),
    idempotent(store, async (req, context) => {
      const { caller, requestId } = context;
      const citizen = await citizenOf(req);
      // On record before it is done, as a breaker action is: one whose entry cannot be written is a 503, never an unrecorded revocation.
      await audit.append({
        at: formatIct(new Date()),
        actor: caller.subject,
        action: 'qr-revoke',
        citizenId: citizen.citizenId,
        requestId,
      });
      const next = await citizenQr.revoke(citizen.citizenId, idempotencyKey(req, context));
      if (!next) throw new NotFound('this citizen has no QR yet');
      return jsonReply(200, { qr: next.text });
    }),
  );
  return router;
}

function summary(d: CanonicalDeclaration) {
  return { declarationId: d.declarationId, kind: d.kind, instance: d.source.instance, declaredAt: d.declaredAt, flags: d.quality.flags };
}
