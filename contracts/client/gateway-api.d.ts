// Generated from contracts/gateway.openapi.yaml by `npm run gen:client` (openapi-typescript): never edit by hand.
export interface paths {
  '/v1/sources/{instance}/declarations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ingest one native record of a platform instance
     * @description The body is one record in the instance's own format (schemas/native-<platform>.schema.json),
     *     at most 256 KiB (`413` past it).
     *     201 for a new source record, 200 for a replay of one already stored (same declarationId,
     *     nothing duplicated; the first stored version is returned). `citizen` is null for an unlinked record,
     *     and for one whose name or birth date disagrees with the citizen it joined (`name-mismatch`,
     *     `birthdate-mismatch`), whose `subject.citizenId` is left out too: its sender is not told who that is.
     *     Only the callers the instance names as its writers (tokens' `sub`, in the gateway's instances
     *     configuration) send its records: any other caller is `403`, and nothing is stored.
     */
    post: operations['ingestDeclaration'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/sources/{instance}/declarations:batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ingest up to 10,000 native records as NDJSON
     * @description One native record per line (at most 256 KiB: a longer line is `refused` with code `too-large`).
     *     The body is read as it arrives and the answer is NDJSON, streamed: one result line per non-blank
     *     input line, in order (`created`, `replayed`, `refused` with reasons, `conflict` when a different
     *     record is stored under the same source id, or `failed` when the store could not take it or the
     *     gateway failed on it), each written as soon as it and every line before it have ended, so the
     *     answer begins before the body has all arrived; then one summary line. At most 32 records are
     *     ingested at once and 1,024 lines read and not yet answered; while either bound is reached, the
     *     body is not read further. One bad line never fails the others. Blank lines are skipped and keep
     *     their number.
     *
     *     A batch is at most 10,000 records and 32 MiB. A `Content-Length` past 32 MiB is `413` before
     *     anything is read. Otherwise a limit crossed while reading cuts the batch there (the status,
     *     `200`, is already sent): the lines before the cut are answered, then one `{"error": problem}`
     *     line (`413`; or `400` when the body could not be read to its end) names the last line taken,
     *     then the summary of what was taken. Nothing after the cut is read or stored: send it in
     *     another batch. A batch must be read within the server's request time (`SERVER_REQUEST_TIMEOUT_MS`);
     *     since it is read as it is ingested, that bounds the whole batch, and one past it is closed
     *     without its summary line. An answer without a summary line is incomplete.
     *
     *     With `Idempotency-Key`, the same key and body replay the answer byte for byte, when it had no
     *     `failed` line, was not cut, and is at most 4 MiB; otherwise the key is freed and a retry runs
     *     again, each record answering by itself (`replayed` where it was stored).
     *
     *     At most `BATCH_MAX_IN_FLIGHT_PER_CALLER` batches of one caller run at once (past it `429`) and
     *     `BATCH_MAX_IN_FLIGHT` in one process (past it `503` overloaded), both with `Retry-After`,
     *     refused before the body is read.
     */
    post: operations['ingestDeclarationBatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/declarations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ingest a declaration already in canonical form
     * @description For partners that speak the canonical form (at most 256 KiB, `413` past it). Send it without `declarationId`,
     *     `source.receivedAt` and `subject.citizenId`: the gateway derives and decides those.
     *     `source.instance` must be a configured instance of `source.platform`, and the caller one of
     *     its writers (`403` otherwise). Identifiers are stored as a mapping writes them where they read
     *     as such (a CCCD or CMND without separators, a Vietnamese phone in E.164); a `vn-cccd` that is
     *     no CCCD, or a second different one, is `422` at its pointer.
     */
    post: operations['ingestCanonicalDeclaration'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/declarations/{declarationId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One stored declaration
     * @description Answered to a writer of the declaration's instance only; to any other caller `404`, as for
     *     an id that names nothing (an id is a hash of a platform's record id, often sequential).
     */
    get: operations['getDeclaration'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/citizens/{citizenId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A citizen's identity
     * @description The unified identity: its QR, the identifiers its records carried (document numbers, phones
     *     and platform ids masked but for their last 3 characters), the instances that hold its records, and its newest
     *     declarations (summaries, newest first, at most 20).
     */
    get: operations['getCitizen'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/citizens/{citizenId}/qr': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The citizen's QR text
     * @description A citizen whose records came only by batches or scans has no QR until one is handed out: the
     *     first read of this route (or of the citizen, or of the PNG or SVG) signs and stores it, so
     *     that read can be a 503 when the store refuses writes. Every later read gives the same code.
     */
    get: operations['getCitizenQr'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/citizens/{citizenId}/qr.png': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The citizen's QR as a PNG image (error correction M) */
    get: operations['getCitizenQrPng'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/citizens/{citizenId}/qr.svg': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The citizen's QR as an SVG image (error correction M) */
    get: operations['getCitizenQrSvg'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/citizens/{citizenId}/qr/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Revoke the citizen's QR (a lost phone) and issue the next one
     * @description The old QR then verifies as revoked, not as unknown. A citizen never handed a QR has none to
     *     revoke: a 404 whose detail says so.
     */
    post: operations['revokeCitizenQr'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * A checkpoint scans any citizen QR
     * @description The unified `VNHC1:` code is verified offline first (signature, key id), then its version
     *     against the citizen's current one (an older version is revoked). A platform code (`TKYT:`,
     *     `NCOVI:`, `BZ:`, `ZLHD:`, `C06Q:`, `SC:`) goes to its own adapter and the record is mapped
     *     and joined like an ingested one. Every instance that holds the citizen's records is asked in
     *     parallel under one deadline (VERIFY_DEADLINE_MS, 800 ms by default), through its breaker;
     *     what came back is merged with what the gateway stores, and the checkpoint policy applied.
     *     200 for every scan, with a status: a malformed, forged, unknown-key or revoked QR is
     *     `invalid`; only a request that is not a scan (400, 413, 415), one past the process's scan
     *     places (503 with Retry-After) or past the caller's share of them
     *     (VERIFY_MAX_IN_FLIGHT_PER_CALLER: 429 with Retry-After, without RateLimit headers), or one
     *     the gateway could not look up in its own store (503 with Retry-After) is answered otherwise.
     *     `sources[]` says how each platform did, once for each way it was asked (each of the
     *     citizen's documents or devices it files records under, at most three); `stale: true` with `ageSeconds` marks a last good
     *     answer served because the live call failed. A platform is spared calls in a surge:
     *     `fresh-cache` (with `ageSeconds`) is its own answer for the citizen within its freshness
     *     window (VERIFY_FRESHNESS_SECONDS, 30 s by default, or the instance's freshnessSeconds), used
     *     without calling it; `budget-exhausted` says the instance's rate budget for the second
     *     (rateBudgetPerSecond, shared by every gateway process) was spent, so it was not called and
     *     what the gateway holds was served (stale), or nothing, never as "no record". Only the unified code (signed, not guessable) names
     *     the person: `citizenId` and `person` (full name, birth date, sex). A platform code, whose id may
     *     be sequential, answers a status with its reasons and sources only. No address, travel, plate,
     *     identifier or unmapped data ever reaches a checkpoint. Not idempotent-cached: every scan reads
     *     the status now (an Idempotency-Key is ignored). `checkpointId` is kept in the request's log line.
     *     Past `VERIFY_MAX_IN_FLIGHT` scans in this process, or when the gateway's own store cannot be
     *     read within the deadline, the answer is `503` with `Retry-After` at once: a scan never says
     *     "no record" for what it could not look up (`unknown` with `sources-unreachable` says so when
     *     platforms, not the store, could not be asked).
     */
    post: operations['verifyQr'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/checkins': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * One venue check-in or check-out
     * @description `{ venue, direction, at, subject, mode?, source? }`: the venue as its QR text (`VNVN1:`) or its id;
     *     `direction` `in` or `out`; `at` RFC 3339, or a local time without offset read as +07:00; the
     *     subject as a citizen QR text (the unified code, checked offline against the citizen's current
     *     code, or a platform's code, linked through the record the gateway stores) or `{ fullName?,
     *     birthDate?, nationality?, identifiers }`, joined by the identity rules, lookup only: a check-in
     *     never creates a citizen. A phone alone never links a check-in: a document, a platform's person
     *     id, or the phone with the name and birth date do. A subject that identifies nobody is stored
     *     unlinked. A revoked or forged citizen QR, an unknown venue, a time that does not exist, later
     *     than the gateway's clock by more than `MAPPING_FUTURE_SKEW_MS` or older than
     *     `CHECKIN_RETENTION_DAYS`: `422` with every reason and its pointer, nothing stored. A subject
     *     given by identifiers or a platform's code is taken only from the venue's own registrant (the
     *     caller that registered it, or a venue it lies under) or a citizens' app named in
     *     `CHECKINS_ANY_VENUE`: from anyone else, `422` `not-allowed` at `/venue`. The unified QR is
     *     taken from any caller; from one that neither registered the venue nor is named, only within
     *     15 minutes of its time (`422` `not-allowed` at `/at`).
     *
     *     `201` with the stay as it stands after this event, told only what the caller may know (a
     *     deliberate privacy rule): `citizenId` only when the subject was the citizen's unified QR, else
     *     `linked: true|false`. A check-out, or a check-in elsewhere, pairs with (closes, or answers) only
     *     stays the same caller (token subject) opened, or any of the citizen's when the subject is the
     *     unified QR; otherwise a check-out is `inferred`. A replay (the same caller with the same
     *     `source.instance` and `source.eventId`; without them, the same venue, direction, time and
     *     subject) is `200` with the first answer, and stores nothing; another event of that caller under
     *     a taken source id is `409`, and nothing of it is stored. Source ids are the caller's own: one
     *     integrator never meets another's. A check-in never changes a checkpoint's answer.
     */
    post: operations['postCheckin'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/checkins:batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Venue check-ins as NDJSON, streamed
     * @description One check-in event per line (as `POST /v1/checkins` takes), at most 10,000 events and 32 MiB,
     *     read and answered as the declarations batch is: one line per non-blank input line, in order
     *     (`created` or `replayed` with the stay; `refused`, `conflict` or `failed` with reasons), then,
     *     for a batch cut short, an error line, then the summary. The same window, limits, admission
     *     (`429`, `503` with `Retry-After`) and `Idempotency-Key` rules.
     */
    post: operations['postCheckinBatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/citizens/{citizenId}/stays': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A citizen's stays at venues, newest first
     * @description At most 100, within `CHECKIN_RETENTION_DAYS`. A stay never closed ends at its start plus its
     *     venue's default stay (`outSource: auto`), computed when read.
     */
    get: operations['getCitizenStays'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exposure-notices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Exposure notices, newest first, in pages
     * @description At most `limit` (1 to 100, default 50); `next`, when present, is the `after` of the next page.
     */
    get: operations['listExposureNotices'];
    put?: never;
    /**
     * Issue an exposure notice (pending until another person approves it)
     * @description `{ venues, from, to, level, message, caseRef }`: the venues by id (1 to 20, each held by the
     *     gateway; a notice on a venue covers the venues registered under it), the window `[from, to)`
     *     (RFC 3339, or a local time without offset read as +07:00; `to` later than `from`, at most 31 days
     *     after it, not later than the gateway's clock beyond `MAPPING_FUTURE_SKEW_MS`, and not ended
     *     more than 14 days ago), `level` `close-contact` (red at a checkpoint) or `monitor` (yellow),
     *     `message` and `caseRef` stored cleaned (NFC, single-spaced, no invisible characters). `201`
     *     with the notice, `status: pending`: it counts nowhere until a token of another subject
     *     approves it. A refused notice is `422` with every reason and its pointer. Recorded in the audit log.
     */
    post: operations['issueExposureNotice'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exposure-notices/{noticeId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An exposure notice */
    get: operations['getExposureNotice'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exposure-notices/{noticeId}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Approve a pending notice (four eyes) - it counts at checkpoints from now
     * @description By a token whose subject is not the issuer's (the same subject: `403`). Pending to active only,
     *     compare-and-set: a notice already active or withdrawn is `409`. In this process the notice counts
     *     at once; in others within a second (their cache of the active notices). Recorded in the audit log.
     */
    post: operations['approveExposureNotice'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/exposure-notices/{noticeId}/withdraw': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Withdraw a pending or active notice - it counts no more
     * @description Pending or active to withdrawn, compare-and-set (already withdrawn: `409`). Stops counting at
     *     once in this process, within a second in others. Recorded in the audit log. Withdrawing turns
     *     close contacts green, so it takes as much as approving: a pending notice is withdrawn by its
     *     issuer or declined by a `tracing:approve` holder; an active one only by its issuer or its
     *     approver (subjects compared folded) holding `tracing:approve`; anyone else `403`. Final: a notice
     *     withdrawn by mistake is issued and approved again.
     */
    post: operations['withdrawExposureNotice'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/venues': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Register a venue and get its QR to print
     * @description A venue is a place people check in to: an office, a market, a hospital, a school, a shop, down
     *     to one floor or ward of a building (a venue with `parentVenueId`, which must be registered
     *     first), or one trip of a vehicle (kind `transport`, which requires `transport`: a flight VJ458
     *     on 2021-03-22). The province is given as a code or a name, with or without diacritics, NFC or
     *     NFD, and stored as its two-digit code; texts are stored NFC, single-spaced, without invisible
     *     characters. `defaultStayMinutes` (15 to 1440, default 60) is how long a check-in without a
     *     check-out is taken to last. A refused registration is `422` with every reason and its pointer,
     *     and stores nothing. The answer is the venue as stored: `venueId` is opaque and random (`ven_` and
     *     16 random bytes), `qr` the venue's code, `VNVN1:` and a compact JWS (ES256, the keys of
     *     /.well-known/jwks.json, header `kid`) whose payload is exactly `{ sub, v, name }`.
     */
    post: operations['registerVenue'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/venues/{venueId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A venue as stored (its province as the two-digit code) */
    get: operations['getVenue'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/venues/{venueId}/qr': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The venue's QR text */
    get: operations['getVenueQr'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/venues/{venueId}/qr.png': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The venue's QR as a PNG to print at 15 × 15 cm
     * @description At least 1772 pixels a side (15 cm at 300 dpi), whole pixels per module, error correction M, a quiet zone of 4 modules.
     */
    get: operations['getVenueQrPng'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/venues/{venueId}/qr.svg': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The venue's QR as an SVG image (error correction M), to print at any size */
    get: operations['getVenueQrSvg'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tracing/queries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Who was at these venues in this window (ids and times, no names)
     * @description `{ venues, from, to, includeChildVenues?, minOverlapMinutes?, purpose, caseRef }`: 1 to 50 venue
     *     ids (each held by the gateway, else `422` at `/venues/<i>`); the window `[from, to)`, RFC 3339
     *     or a local time without offset read as +07:00, `to` later than `from` and at most 31 days after
     *     it; `includeChildVenues` (default true) adds every venue registered under one named (its floors,
     *     their wards; 8 levels, 500 venues in all); `minOverlapMinutes` (default 0); `purpose`
     *     `contact-tracing` or `outbreak-investigation` (anything else, law enforcement say, is `422`);
     *     `caseRef` the case file (1 to 120 characters).
     *
     *     `201` with the stays that overlapped the window (half-open: a stay that ended exactly when the
     *     window starts did not), oldest first, each with its citizen id (null when unlinked), venue, `in`,
     *     `out` (an open stay ends at its start plus its default stay, or now if that is sooner),
     *     `outSource` and the whole minutes it overlapped; `citizens` counts the distinct citizens; and
     *     `queryId`, under which the caller who asked may read those citizens' contacts for 14 days (or
     *     `CHECKIN_RETENTION_DAYS`, if shorter). More than 100,000 stays: `422` (`too-many-stays`),
     *     narrow the query. Every call, answered or refused, is recorded in the audit log with the
     *     caller, purpose, case and the number of citizens.
     */
    post: operations['postTracingQuery'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tracing/queries/{queryId}/contacts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The full names and phones of a query's citizens, to call them
     * @description For the citizens of that query only: the newest full name written with diacritics and every
     *     phone (E.164). Only the caller (token subject) who asked the query may read it; any other, an
     *     unknown or an expired query is `404`. As JSON, or as CSV with `Accept: text/csv` (RFC 4180,
     *     UTF-8 with a byte order mark; a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage
     *     return is prefixed with `'`; phones as `tel:+84...` links). Every read, and every refusal, is
     *     recorded in the audit log with the number of citizens, never the names or phones.
     */
    get: operations['getTracingContacts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tracing/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Tracing's own audit trail, newest first, 500 entries a page
     * @description Every tracing query and contacts read (answered or refused) and every exposure notice issued,
     *     approved or withdrawn, with who (the token's subject), the purpose, the case, the query or
     *     notice and how many citizens a call returned; never a name or a phone. Kept by time for
     *     `CHECKIN_RETENTION_DAYS` (as long as the stays it speaks of), never pushed out by other
     *     entries. For the supervisors who approve notices: its case files are not the platform
     *     operators' business. A page at a time: `next` names where the older entries begin, so a
     *     flood of other entries buries none of them.
     */
    get: operations['getTracingAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/adapters': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every platform instance's breaker and health, from every gateway process
     * @description Per process (with Redis, every live process publishes its view; this one first) and per
     *     instance: breaker state and since when, counts over the last minute and 15 minutes, latency
     *     percentiles, a 15-minute sparkline, the last error (kind and time) and success, the last health probe.
     */
    get: operations['listAdapters'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/adapters/{instance}/breaker': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Maintenance by hand on an instance's breaker, on every process
     * @description `open` holds the breaker open (no calls to the platform) until an operator closes it;
     *     `close` closes it; `reset` closes it with an empty window. Recorded in the audit log.
     */
    post: operations['setAdapterBreaker'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The operators' audit trail (breaker actions), newest first (the last 200 of 1,000 kept) */
    get: operations['getAudit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Ready when the store answers; open breakers are listed but do not fail readiness */
    get: operations['getReadiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics (text exposition), on the operators' port
     * @description With OPS_PORT set (always in production) served on the operators' port only, which the Helm
     *     chart's NetworkPolicy opens to the monitoring namespace (and networkPolicy.opsFrom) alone; the
     *     API's port answers `404`. Without OPS_PORT (the sandbox), on the API's port.
     */
    get: operations['getMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/dashboard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The operators' dashboard (one page, no external assets); its data needs an operator token
     * @description With OPS_PORT set (always in production) served on the operators' port only, beside the
     *     operator API its page calls (same origin: `listAdapters`, `setAdapterBreaker`, `getAudit`,
     *     with an operator token); the API's port answers `404`. Without OPS_PORT (the sandbox), on the
     *     API's port.
     */
    get: operations['getDashboard'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/.well-known/jwks.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The public keys that verify every QR still in circulation */
    get: operations['getJwks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document, as JSON */
    get: operations['getOpenApiDocument'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process lives */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AuditEntry: {
      /** Format: date-time */
      at: string;
      actor: string;
      action: string;
      /** @description the adapter instance of a breaker action */
      instance?: string;
      /** @description the exposure notice of notice-issue, notice-approve, notice-withdraw */
      noticeId?: string;
      /** @description the notice's or the query's case file */
      caseRef?: string;
      requestId: string;
      /** @description why a tracing call was made (tracing-query, tracing-contacts and their -refused) */
      purpose?: string;
      /** @description the tracing query answered or read */
      queryId?: string;
      /** @description how many citizens a tracing call returned (never who) */
      citizens?: number;
      /** @description the citizen whose stays a citizen-stays read returned, or whose QR a qr-revoke replaced */
      citizenId?: string;
      /** @description the venues a tracing query named (before children) */
      venues?: string[];
      /** @description a tracing query's window start, as stated */
      from?: string;
      /** @description a tracing query's window end, as stated */
      to?: string;
    };
    CitizenLink: {
      citizenId: string;
      qr: string;
    };
    IngestResult: {
      declaration: components['schemas']['CanonicalDeclaration'];
      citizen: components['schemas']['CitizenLink'] | null;
    };
    Problem: {
      /** Format: uri */
      type: string;
      title: string;
      status: number;
      detail: string;
      errors: {
        pointer: string;
        message: string;
        code?: string;
      }[];
    };
    BatchLine: {
      line: number;
      /** @enum {unknown} */
      status: 'created' | 'replayed' | 'refused' | 'conflict' | 'failed';
      declarationId?: string;
      citizenId?: string | null;
      reasons?: {
        pointer: string;
        code: string;
        message: string;
      }[];
    };
    /** @description Why a batch was cut short, and after which line nothing was taken; the summary follows. */
    BatchError: {
      error: components['schemas']['Problem'];
    };
    BatchSummary: {
      summary: {
        records: number;
        created: number;
        replayed: number;
        refused: number;
        conflict: number;
        failed: number;
      };
    };
    CitizenStays: {
      citizenId: string;
      stays: components['schemas']['Stay'][];
    };
    CheckinBatchLine: {
      line: number;
      /** @enum {unknown} */
      status: 'created' | 'replayed' | 'refused' | 'conflict' | 'failed';
      stay?: components['schemas']['CheckinStay'];
      reasons?: {
        pointer: string;
        code: string;
        message: string;
      }[];
    };
    VenueQrText: {
      qr: string;
    };
    QrText: {
      qr: string;
    };
    Citizen: {
      citizenId: string;
      qr: string;
      identifiers: {
        /** @enum {unknown} */
        system: 'vn-cccd' | 'vn-cmnd' | 'passport' | 'phone' | 'ncovi' | 'zalo' | 'bluezone';
        /** @description Every value masked but for its last 3 characters: document numbers, phones and platform ids. */
        value: string;
      }[];
      instances: string[];
      declarations: {
        declarationId: string;
        kind: string;
        instance: string;
        /** Format: date-time */
        declaredAt: string;
        flags: string[];
      }[];
    };
    VerifyAnswer: {
      /** @enum {unknown} */
      status: 'green' | 'yellow' | 'red' | 'unknown' | 'invalid';
      reasons: {
        code: string;
        message: string;
        instance?: string;
        /** Format: date-time */
        declaredAt?: string;
      }[];
      citizenId?: string;
      /** @description unified, or the instance whose platform code it was */
      recognizedAs?: string;
      sources: {
        instance: string;
        /**
         * @description answered or not-found: the platform answered now; fresh-cache: its answer within its freshness window, not asked again; budget-exhausted: not asked, its rate budget for the second spent; timeout, breaker-open, error: it could not be asked.
         * @enum {unknown}
         */
        outcome: 'answered' | 'not-found' | 'fresh-cache' | 'budget-exhausted' | 'timeout' | 'breaker-open' | 'error';
        latencyMs: number;
        stale: boolean;
        /** @description How old the answer used is: given for fresh-cache and for every stale answer. */
        ageSeconds?: number;
      }[];
      /** @description Only for the unified QR. What an officer needs to match the person in front of them. */
      person?: {
        fullName?: string;
        birthDate?: string;
        /** @enum {unknown} */
        sex?: 'male' | 'female' | 'other' | 'unknown';
      };
      /** Format: date-time */
      checkedAt: string;
    };
    Counts: {
      calls: number;
      successes: number;
      failures: number;
      timeouts: number;
      rejections: number;
      /** @description Requests the platform refused in its own words (a JSON error other than its not-found: an account it does not know, from a made-up code): not its failure, and not counted by its breaker while closed (half-open, one closes it on probation). */
      refused: number;
      fallbacks: number;
      /** @description Scans answered from the freshness window, without a call. */
      freshCache: number;
      /** @description Calls not sent: the instance's rate budget for the second was spent. */
      budgetRefusals: number;
      /** @description Scans that shared another scan's call in flight (single flight). */
      shared: number;
    };
    AdapterView: {
      instance: string;
      /** @enum {unknown} */
      state: 'closed' | 'half-open' | 'open';
      /** Format: date-time */
      stateSince: string;
      held: boolean;
      /**
       * Format: date-time
       * @description Until when the platform asked for quiet (its Retry-After, honoured for a minute at most): no call is sent before it. Null when it did not.
       */
      quietUntil: string | null;
      lastMinute: components['schemas']['Counts'];
      last15Minutes: components['schemas']['Counts'];
      latencyMs: {
        p50?: number | null;
        p95?: number | null;
        p99?: number | null;
      };
      sparkline: {
        minute: string;
        calls: number;
        failures: number;
        p50: number | null;
      }[];
      lastError: null | {
        kind: string;
        at: string;
      };
      lastSuccessAt: string | null;
      probe: null | {
        /** @enum {unknown} */
        status: 'up' | 'down';
        latencyMs: number;
        at: string;
        detail?: string;
      };
    };
    AdaptersStatus: {
      /** Format: date-time */
      generatedAt: string;
      processId: string;
      processes: {
        processId: string;
        self: boolean;
        /** Format: date-time */
        reportedAt: string;
        adapters: components['schemas']['AdapterView'][];
      }[];
    };
    Readiness: {
      /**
       * @description `starting`: something read once at start is missing (the identity provider's keys; `reason`
       *     says what the last attempt met); `store-unavailable`: a write fails; `draining`: stopping.
       * @enum {unknown}
       */
      status: 'ready' | 'starting' | 'store-unavailable' | 'draining';
      /** @description What start-up still waits for (with `starting` only). */
      reason?: string;
      openBreakers: string[];
    };
    Jwks: {
      keys: {
        /** @constant */
        kty: 'EC';
        /** @constant */
        crv: 'P-256';
        x: string;
        y: string;
        kid: string;
        /** @constant */
        alg: 'ES256';
        /** @constant */
        use: 'sig';
      }[];
    };
    /**
     * CanonicalDeclaration
     * @description The canonical health declaration, version 1 (names and codes from canonical.md; extensions are marked 'extension'). This file is the source of truth: gateway/domain/canonical-declaration.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
     */
    CanonicalDeclaration: {
      /** @constant */
      schemaVersion: '1';
      /** @description The gateway's id: derived from the source instance and record id, so re-ingesting the same source record gives the same id. */
      declarationId: string;
      /**
       * @description domestic: a health declaration; movement: a checkpoint passage; exposure: an exposure status (Bluezone); venue-checkin: a venue check-in or check-out; community-report (extension): a citizen's report about someone else, never a declaration of the reporter.
       * @enum {unknown}
       */
      kind: 'domestic' | 'movement' | 'exposure' | 'venue-checkin' | 'community-report';
      source: components['schemas']['Source'];
      declaredAt: components['schemas']['LocalDateTime'];
      subject: components['schemas']['Subject'];
      health?: components['schemas']['Health'];
      travel?: components['schemas']['Travel'];
      checkpoint?: components['schemas']['Checkpoint'];
      venue?: components['schemas']['DeclarationVenue'];
      report?: components['schemas']['Report'];
      quality: components['schemas']['Quality'];
    };
    /**
     * Format: date-time
     * @description RFC 3339 with the offset normalised to +07:00 (Indochina Time).
     */
    LocalDateTime: string;
    /** Format: date */
    CalendarDate: string;
    /** @description Two-digit provincial code in force 2004-2025 (reference/vn-provinces-2021.json). */
    ProvinceCode: string;
    /** @enum {unknown} */
    Platform: 'tokhaiyte' | 'ncovi' | 'bluezone' | 'zalo' | 'c06' | 'smartcity';
    Source: {
      platform: components['schemas']['Platform'];
      instance: string;
      recordId: string;
      /** @description Extension: a second key the platform needs to find the record again (Zalo's official account). */
      recordScope?: string;
      /** @description Extension: for platforms whose record id names a living record (Bluezone's device status), the version of it that was received. */
      recordVersion?: string;
      /** Format: date-time */
      receivedAt: string;
    };
    /** @description Who declared. Any field may be missing on a partial record. */
    Subject: {
      citizenId?: string;
      /** @description NFC, as written (never invented diacritics). */
      fullName?: string;
      /** @description YYYY-MM-DD, or YYYY where only the year is known. */
      birthDate?: string;
      /** @enum {unknown} */
      sex?: 'male' | 'female' | 'other' | 'unknown';
      /** @description ISO 3166-1 alpha-2. */
      nationality?: string;
      identifiers?: components['schemas']['Identifier'][];
      address?: components['schemas']['Address'];
    };
    /** @enum {unknown} */
    IdentifierSystem: 'vn-cccd' | 'vn-cmnd' | 'passport' | 'phone' | 'ncovi' | 'zalo' | 'bluezone';
    Identifier: {
      system: components['schemas']['IdentifierSystem'];
      value: string;
    };
    Address: {
      provinceCode?: components['schemas']['ProvinceCode'];
      districtCode?: string;
      wardCode?: string;
      line?: string;
    };
    /** @enum {unknown} */
    Symptom:
      | 'fever'
      | 'cough'
      | 'shortness-of-breath'
      | 'sore-throat'
      | 'nausea'
      | 'diarrhoea'
      | 'skin-bleeding'
      | 'skin-rash'
      | 'loss-of-taste-smell';
    /** @enum {unknown} */
    Exposure: 'confirmed-case' | 'suspected-case' | 'from-affected-area' | 'symptomatic-contact';
    Health: {
      symptoms?: components['schemas']['Symptom'][];
      exposures?: components['schemas']['Exposure'][];
      /** @enum {unknown} */
      riskLevel?: 'F0' | 'F1' | 'F2' | 'none';
      /** @description Extension: when the source last saw a risky contact (Bluezone). */
      lastContactAt?: components['schemas']['LocalDateTime'];
    };
    /** @enum {unknown} */
    Vehicle: 'plane' | 'ship' | 'road' | 'train' | 'other';
    Travel: {
      from?: components['schemas']['ProvinceCode'];
      to?: components['schemas']['ProvinceCode'];
      date?: components['schemas']['CalendarDate'];
      vehicle?: components['schemas']['Vehicle'];
      vehicleId?: string;
      /** @description Extension: the declared reason for the trip (C06). */
      purpose?: string;
      provincesVisited14d?: components['schemas']['ProvinceCode'][];
    };
    Checkpoint: {
      checkpointId?: string;
      /** @enum {unknown} */
      decision: 'accepted' | 'refused';
      reason?: string;
    };
    DeclarationVenue: {
      venueId: string;
      /** @enum {unknown} */
      direction: 'in' | 'out';
    };
    /** @description Extension, for kind community-report: what was reported and where; nothing about the reporter. */
    Report: {
      location?: components['schemas']['Address'];
    };
    /** @enum {unknown} */
    QualityFlag:
      | 'id-sex-mismatch'
      | 'id-birthyear-mismatch'
      | 'name-mismatch'
      | 'birthdate-mismatch'
      | 'unlinked'
      | 'refused-at-checkpoint'
      | 'health-answer-unread'
      | 'checkpoint-decision-unclear';
    Quality: {
      flags: components['schemas']['QualityFlag'][];
      /** @description Source fields the mapping kept but could not place: the JSON pointer in the native record and its value. */
      unmapped: {
        pointer: string;
        value: unknown;
      }[];
    };
    /**
     * Venue
     * @description A venue as the gateway stores it and answers it: an office, a market, a hospital, a school, a shop, down to one floor or ward of a building (a venue with a parent), or a trip of a vehicle (a flight, a train). Not personal data. This file is the source of truth: gateway/domain/venue.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
     */
    Venue: {
      venueId: components['schemas']['VenueId'];
      /** @description The venue's public display name, NFC, single-spaced, without invisible characters: printed under its QR and carried in it. */
      name: components['schemas']['VenueName'];
      kind: components['schemas']['VenueKind'];
      address: components['schemas']['VenueAddress'];
      /** @description The building or site this venue is part of (a floor, a ward). */
      parentVenueId?: components['schemas']['VenueId'];
      defaultStayMinutes: components['schemas']['StayMinutes'];
      transport?: components['schemas']['Transport'];
      /** @description The venue's QR text: `VNVN1:` and a compact JWS (ES256). */
      qr: string;
      /**
       * Format: date-time
       * @description RFC 3339 at +07:00.
       */
      createdAt: string;
    };
    /** @description Opaque: `ven_` and 16 bytes in base64url, random, or, for a request with an Idempotency-Key, a hash of its caller and key (the same for its retries). */
    VenueId: string;
    /** @description At most 120 characters: the name travels in the venue's QR, which stays small enough to scan. */
    VenueName: string;
    /**
     * @description permanent: a place that stays (an office, a market, a ward); temporary: a place for a while (a field hospital, an event); transport: one trip of one vehicle (flight VJ458 on 22/3).
     * @enum {unknown}
     */
    VenueKind: 'permanent' | 'temporary' | 'transport';
    /** @description How long a check-in not followed by a check-out is taken to last. */
    StayMinutes: number;
    VenueAddress: {
      /** @description Two-digit provincial code in force 2004-2025 (reference/vn-provinces-2021.json). */
      provinceCode: string;
      district?: string;
      ward?: string;
      line?: string;
    };
    /** @description For kind transport, and only for it: the vehicle, its number as written on the ticket (upper case) and the trip's local date. */
    Transport: {
      /** @enum {unknown} */
      vehicle: 'plane' | 'train' | 'ship' | 'road';
      number: string;
      /** Format: date */
      date: string;
    };
    /** @description What POST /v1/venues takes. The province is given as a code or a name (with or without diacritics, NFC or NFD) and stored as its two-digit code; texts are stored NFC, single-spaced, without invisible characters. */
    VenueRegistration: {
      name: components['schemas']['VenueName'];
      kind: components['schemas']['VenueKind'];
      address: {
        /** @description A code (`79`, `079`), a number (`1`), or a name (`TP. Hồ Chí Minh`, `Ho Chi Minh`, `HCM`). */
        province: string | number;
        district?: string;
        ward?: string;
        line?: string;
      };
      parentVenueId?: components['schemas']['VenueId'];
      defaultStayMinutes?: components['schemas']['StayMinutes'];
      transport?: components['schemas']['Transport'];
    };
    /**
     * Stay
     * @description A stay at a venue as the gateway answers it: when a person came (a check-in, or a check-out's inferred start) and when they left, with where that end came from, because a tracer weighs them differently. This file is the source of truth for the stay, the check-in event (POST /v1/checkins) and the stay as stored: gateway/domain/checkin.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
     */
    Stay: {
      stayId: components['schemas']['StayId'];
      venueId: components['schemas']['VenueId'];
      /** @description The citizen the subject was joined to; null when it identified nobody the gateway knows (stored unlinked). */
      citizenId: components['schemas']['CitizenId'] | null;
      in: components['schemas']['IctTime'];
      out: components['schemas']['IctTime'];
      /**
       * @description manual: the matching check-out; next-checkin: the citizen's next event (a check-in, or a check-out) at another venue, or the start of the next stay a late check-in was fitted before; auto: never closed, so its start plus the venue's default stay (computed when read); inferred: a check-out without an open stay, which started a default stay earlier but never before the citizen's previous stay ended.
       * @enum {unknown}
       */
      outSource: 'manual' | 'next-checkin' | 'auto' | 'inferred';
    };
    /** @description `sty_` and 22 base64url characters, derived with the key-name secret from the event that made the stay, so that a retried write is the same stay. */
    StayId: string;
    CitizenId: string;
    /**
     * Format: date-time
     * @description RFC 3339 at +07:00.
     */
    IctTime: string;
    /** @enum {unknown} */
    CheckinDirection: 'in' | 'out';
    /**
     * @description self-scan: the citizen's app scanned the venue's code; staff-scan: a venue's device scanned the citizen's code.
     * @enum {unknown}
     */
    CheckinMode: 'self-scan' | 'staff-scan';
    /** @description Who checked in, by identifiers: resolved with the join rules, lookup only (a check-in never creates a citizen). */
    CheckinSubject: {
      fullName?: string;
      birthDate?: string;
      nationality?: string;
      identifiers: {
        /** @enum {unknown} */
        system: 'vn-cccd' | 'vn-cmnd' | 'passport' | 'phone' | 'bluezone' | 'zalo' | 'ncovi';
        value: string;
      }[];
    };
    /** @description What POST /v1/checkins takes (and each line of POST /v1/checkins:batch): the venue as its QR text or its id; `at` RFC 3339, or a local time without offset read as +07:00; the subject as a citizen QR text (the unified code or a platform's) or identifiers. */
    CheckinEvent: {
      venue: string;
      direction: components['schemas']['CheckinDirection'];
      at: string;
      subject: string | components['schemas']['CheckinSubject'];
      mode?: components['schemas']['CheckinMode'];
      /** @description The platform instance that sent the event and its own id for it: the same pair again is a replay. */
      source?: {
        instance: string;
        eventId: string;
      };
    };
    /** @description The answer to a check-in: the stay as it stands after this event (201 new, 200 a replay, the first answer). */
    CheckinAnswer: {
      stay: components['schemas']['CheckinStay'];
    };
    /** @description The stay a check-in answers, told only what the caller may know (a deliberate privacy rule, as the checkpoint's `person` rule is): `citizenId` only when the subject was the citizen's unified QR (signed, shown by its holder); otherwise `linked`, whether the subject joined a citizen, never who. Its times come from this event, or from stays the same caller (token subject) opened, or from any of the citizen's when the subject was a unified QR; never from another caller's events. */
    CheckinStay: {
      stayId: components['schemas']['StayId'];
      venueId: components['schemas']['VenueId'];
      citizenId?: components['schemas']['CitizenId'];
      /** @description Whether the subject joined a citizen: given instead of citizenId unless the subject was a unified QR. */
      linked?: boolean;
      in: components['schemas']['IctTime'];
      out: components['schemas']['IctTime'];
      outSource: components['schemas']['Stay']['outSource'];
    };
    /**
     * ExposureNotice
     * @description An exposure notice as the gateway keeps and answers it: "everyone at these venues within this window", which counts at checkpoints only while active (approved by a second person, not withdrawn). This file is the source of truth for the notice and the body that issues one (POST /v1/exposure-notices): gateway/domain/exposure-notice.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
     */
    ExposureNotice: {
      noticeId: components['schemas']['NoticeId'];
      status: components['schemas']['NoticeStatus'];
      /** @description The venues named, each with its public display name; a notice on a venue covers the venues registered under it (a floor, a ward). */
      venues: {
        venueId: components['schemas']['VenueId'];
        name: string;
      }[];
      from: components['schemas']['IctTime'];
      to: components['schemas']['IctTime'];
      level: components['schemas']['NoticeLevel'];
      message: components['schemas']['NoticeMessage'];
      caseRef: components['schemas']['CaseRef'];
      issuedBy: components['schemas']['TokenSubject'];
      issuedAt: components['schemas']['IctTime'];
      approvedBy?: components['schemas']['TokenSubject'];
      approvedAt?: components['schemas']['IctTime'];
      withdrawnBy?: components['schemas']['TokenSubject'];
      withdrawnAt?: components['schemas']['IctTime'];
    };
    /** @description `ntc_` and 16 bytes (base64url): opaque; random, or, for a request with an Idempotency-Key, a hash of its caller and key (the same for its retries), never guessable from another notice's id. */
    NoticeId: string;
    /**
     * @description pending: issued, not yet approved, never counts; active: approved by a second person, counts at checkpoints; withdrawn: ended, counts no more.
     * @enum {unknown}
     */
    NoticeStatus: 'pending' | 'active' | 'withdrawn';
    /**
     * @description close-contact: a person who was there is red at a checkpoint; monitor: yellow.
     * @enum {unknown}
     */
    NoticeLevel: 'close-contact' | 'monitor';
    /** @description What the authority tells the people concerned, stored cleaned (NFC, single-spaced, no invisible characters). */
    NoticeMessage: string;
    /** @description The case file the notice belongs to. */
    CaseRef: string;
    /** @description The subject of the access token that acted (an officer's account, not a citizen). */
    TokenSubject: string;
    /** @description POST /v1/exposure-notices: `from` and `to` RFC 3339, or a local time without offset read as +07:00; the window is half-open [from, to). */
    NoticeRequest: {
      venues: components['schemas']['VenueId'][];
      from: string;
      to: string;
      level: components['schemas']['NoticeLevel'];
      message: components['schemas']['NoticeMessage'];
      caseRef: components['schemas']['CaseRef'];
    };
    /** @description GET /v1/exposure-notices: newest first; `next`, when present, is the `after` of the next page. */
    NoticeList: {
      notices: components['schemas']['ExposureNotice'][];
      next?: string;
    };
    /**
     * TracingQuery
     * @description A contact-tracing query (POST /v1/tracing/queries): who was at these venues in this window. This file is the source of truth for the query taken, its answer, the query as stored and the contacts answered: gateway/domain/tracing.ts is generated from it by `npm run gen:types`, and a test fails when the two differ.
     */
    TracingQuery: {
      /** @description The venues' ids: several at once (a hotel for three days, a flight, two villages). At most 50, before children are added. */
      venues: string[];
      /** @description The window's start, included: RFC 3339, or a local time without offset read as +07:00. */
      from: string;
      /** @description The window's end, excluded; at most 31 days after `from`. */
      to: string;
      /** @description Whether a venue's floors or wards (its children, theirs, and so on) are queried with it. Default true. */
      includeChildVenues?: boolean;
      /** @description Only stays overlapping the window at least this long. Default 0. */
      minOverlapMinutes?: number;
      purpose: components['schemas']['TracingPurpose'];
      caseRef: components['schemas']['TracingCaseRef'];
    };
    /**
     * @description Why the query is asked: the only two purposes the data was collected for. Anything else (law enforcement, say) is refused.
     * @enum {unknown}
     */
    TracingPurpose: 'contact-tracing' | 'outbreak-investigation';
    /** @description The case file the query serves, as the health authority numbers it: printable text, recorded in the audit log. */
    TracingCaseRef: string;
    /** @description `trq_` and 22 base64url characters: opaque and random. */
    QueryId: string;
    /** @description A stay that overlapped the window: no name, no number. `out` is when it ended as read now (an open stay ends at its start plus its default stay, or now if that is sooner); `overlapMinutes` the whole minutes it overlapped the window. */
    TracedStay: {
      citizenId: string | null;
      venueId: string;
      /** Format: date-time */
      in: string;
      /** Format: date-time */
      out: string;
      /** @enum {unknown} */
      outSource: 'manual' | 'next-checkin' | 'auto' | 'inferred';
      overlapMinutes: number;
    };
    /** @description The answer to a query: its id (for the contacts), how many distinct citizens, and the stays, oldest first. */
    TracingAnswer: {
      queryId: components['schemas']['QueryId'];
      citizens: number;
      stays: components['schemas']['TracedStay'][];
    };
    /** @description Who to call: the newest full name written with diacritics (null when no declaration left names them) and every phone known, E.164. */
    Contact: {
      citizenId: string;
      fullName: string | null;
      phones: string[];
    };
    /** @description GET /v1/tracing/queries/{queryId}/contacts as JSON: a page of the query's citizens only, at most 1,000, by citizen id; `next`, when there are more, is the `after` of the next page. */
    Contacts: {
      queryId: components['schemas']['QueryId'];
      caseRef: components['schemas']['TracingCaseRef'];
      contacts: components['schemas']['Contact'][];
      next?: string;
    };
    /**
     * tokhaiyte native declaration (Vietnam Health Declaration, Ministry of Health)
     * @description The most complete record: the form makes every field but email and travel mandatory. Values written with diacritics (gioi_tinh, quoc_tich, provinces) are only typed here: they arrive in NFC or NFD and the mapping folds them.
     */
    NativeTokhaiyte: {
      /** @description Opaque: 1 to 64 letters, digits, -, _, . or :, at least one letter or digit (contracts/platform-rules.md). */
      ma_to_khai: string;
      ho_ten: string;
      nam_sinh: number | string;
      gioi_tinh: string;
      quoc_tich: string;
      /** @enum {unknown} */
      loai_giay_to: 'CMND' | 'CCCD' | 'HO_CHIEU';
      so_giay_to: string;
      dien_thoai: string;
      email?: string | null;
      dia_chi: {
        tinh: string;
        quan_huyen?: string | null;
        phuong_xa?: string | null;
        so_nha?: string | null;
      };
      di_chuyen?: {
        /** @enum {unknown} */
        phuong_tien?: 'TAU_BAY' | 'TAU_THUYEN' | 'O_TO' | 'TAU_HOA' | 'KHAC';
        so_hieu?: string | null;
        noi_di?: string | null;
        noi_den?: string | null;
        ngay_di?: string | null;
      } | null;
      tinh_da_qua_14_ngay?: string[];
      trieu_chung_14_ngay: {
        sot: boolean;
        ho: boolean;
        kho_tho: boolean;
        dau_hong: boolean;
        buon_non: boolean;
        tieu_chay: boolean;
        xuat_huyet_ngoai_da: boolean;
        noi_ban_ngoai_da: boolean;
      };
      tiep_xuc_14_ngay: {
        nguoi_benh_hoac_nghi_ngo: boolean;
        nguoi_tu_nuoc_co_benh: boolean;
        nguoi_co_bieu_hien: boolean;
      };
      thoi_gian_khai_bao: string;
    };
    /**
     * NCOVI native declaration
     * @description App records in English camelCase with numeric codes. The app requires name, birth date, sex and phone; the document number is optional. Unknown symptom or contact codes are kept, not refused (a newer app version may add codes).
     */
    NativeNcovi: {
      /** @description Opaque: 1 to 64 letters, digits, -, _, . or :, at least one letter or digit (contracts/platform-rules.md). */
      id: string;
      profile: {
        fullName: string;
        dob: string;
        /** @enum {unknown} */
        gender: 0 | 1 | 2 | 3;
        idNumber?: string | null;
        phone: string;
        provinceId?: number | null;
        districtId?: number | null;
        wardId?: number | null;
        address?: string | null;
      };
      health: {
        symptoms: string[];
        contacts: string[];
        chronicDiseases?: string[];
      };
      travel?: {
        from?: number | null;
        to?: number | null;
        date?: string | null;
      } | null;
      createdAt: number;
    };
    /**
     * Bluezone native risk record
     * @description A device, a phone number and an exposure level: no name, no birth date, no document.
     */
    NativeBluezone: {
      /** @description Opaque: 1 to 64 letters, digits, -, _, . or :, at least one letter or digit (contracts/platform-rules.md). */
      bluezoneId: string;
      phoneNumber: string;
      /** @enum {unknown} */
      riskLevel: 'F0' | 'F1' | 'F2' | 'NONE';
      lastContactAt?: string | null;
      updatedAt: string;
    };
    /**
     * Zalo official-account form submission
     * @description A list of question labels and free-text answers. Labels vary by account and over time, so none is required here: the mapping matches them after folding and keeps the ones it does not know.
     */
    NativeZalo: {
      /** @description Opaque: 1 to 64 letters, digits, -, _ or ., at least one letter or digit; no : since the QR text separates its parts with : (contracts/platform-rules.md). */
      submission_id: string;
      /** @description Opaque: 1 to 64 letters, digits, -, _ or ., at least one letter or digit; no : since the QR text separates its parts with : (contracts/platform-rules.md). */
      oa_id: string;
      /** @description Opaque: 1 to 64 letters, digits, -, _, . or :, at least one letter or digit (contracts/platform-rules.md). */
      zalo_user_id: string;
      submitted_at: number;
      answers: {
        label: string;
        value: string | null;
      }[];
    };
    /**
     * C06 checkpoint passage (Ministry of Public Security, population-movement software)
     * @description A passage keyed by the 12-digit personal identification number; the checkpoint accepts or refuses it.
     */
    NativeC06: {
      /** @description Opaque: 1 to 64 letters, digits, -, _, . or :, at least one letter or digit (contracts/platform-rules.md). */
      maKhaiBao: string;
      soDinhDanh: string;
      hoVaTen: string;
      ngaySinh: string;
      /** @enum {unknown} */
      gioiTinh: '1' | '2';
      soDienThoai?: string | null;
      noiThuongTru: {
        maTinh: string;
        maHuyen?: string | null;
        maXa?: string | null;
      };
      chotKiemSoat: string;
      hanhTrinh: {
        tu?: string | null;
        den?: string | null;
        bienSoXe?: string | null;
        lyDo?: string | null;
      };
      /** @enum {unknown} */
      trangThai: 'CHAP_NHAN' | 'TU_CHOI';
      lyDoTuChoi?: string | null;
      thoiGian: string;
    };
    /**
     * SmartCity report (Hà Nội, Bình Dương, Hải Phòng deployments)
     * @description One software family, one deployment per city; the city is the instance's, not the record's. A HEALTH_DECLARATION must name its citizen; a COVID_REPORT is about someone else and its citizen block (the reporter) is never used.
     */
    NativeSmartcity: {
      /** @description Opaque: 1 to 64 letters, digits, -, _ or ., at least one letter or digit; no : since the QR text separates its parts with : (contracts/platform-rules.md). */
      reportId: string;
      /** @enum {unknown} */
      type: 'HEALTH_DECLARATION' | 'COVID_REPORT';
      citizen?: {
        name?: string;
        birthDate?: string | null;
        /** @enum {unknown} */
        sex?: 'M' | 'F' | 'O' | null;
        nationalId?: string | null;
        mobile?: string | null;
      };
      location?: {
        district?: string | null;
        ward?: string | null;
        street?: string | null;
      } | null;
      symptoms?: string | null;
      travelHistory?:
        | {
            province: string;
            from?: string | null;
            to?: string | null;
          }[]
        | null;
      timestamp: string;
    };
    /** @description One record in the format of the instance's platform (the instance names it: `ncovi`, `tokhaiyte`, `smartcity-hanoi` is `smartcity`, ...). The platforms' schemas overlap, so the gateway reads the record with the instance's own schema, never by trying each. */
    NativeDeclaration:
      | components['schemas']['NativeTokhaiyte']
      | components['schemas']['NativeNcovi']
      | components['schemas']['NativeBluezone']
      | components['schemas']['NativeZalo']
      | components['schemas']['NativeC06']
      | components['schemas']['NativeSmartcity'];
  };
  responses: {
    /** @description The stored declaration and the citizen it is linked to (null when unlinked). */
    Ingested: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['IngestResult'];
      };
    };
    /** @description The exposure notice as stored. */
    Notice: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ExposureNotice'];
      };
    };
    /** @description The stay as it stands after this event (201 a new event; 200 a replay, with the first answer). */
    CheckedIn: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['CheckinAnswer'];
      };
    };
    /** @description The request cannot be read (a body that is not JSON, a path that is not percent-encoding, a bad query parameter). */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No bearer token, or one that is not valid (signature, issuer, audience, expiry, subject). */
    Unauthorized: {
      headers: {
        /** @description The scheme to use: `Bearer realm="vnhc-gateway"`, with `error="invalid_token"` (RFC 6750) when a token was sent and refused; why is in the problem's `detail`. */
        'WWW-Authenticate': string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The token is valid but does not grant this route's scope, or this caller may not act on this resource. */
    Forbidden: {
      headers: {
        /** @description For a missing scope only: `Bearer realm="vnhc-gateway", error="insufficient_scope", scope="<the scope>"` (RFC 6750 §3.1). Absent when no scope would lift the refusal (a notice approved by the person who issued it). */
        'WWW-Authenticate'?: string;
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Nothing under this id (or an instance that is not configured); a guessed id learns nothing more. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Conflicts with an earlier request (an Idempotency-Key reused with another body or still in progress, a taken source id, a state already changed). */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is larger than this route accepts. */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The request's `Accept` takes none of the types this route answers in (here JSON or CSV); nothing was read or recorded. */
    NotAcceptable: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is not in the media type this route reads (see its `requestBody`), or not UTF-8. */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The request was refused and nothing stored; each entry of `errors` names its field (a JSON pointer), a `code` and a message. */
    ValidationFailed: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /**
     * @description This caller is past its rate limit for this class of route, or has as many batches running as
     *     it may. Nothing was done: send the request again after `Retry-After` seconds.
     */
    TooManyRequests: {
      headers: {
        'Retry-After': components['headers']['Retry-After'];
        RateLimit: components['headers']['RateLimit'];
        'RateLimit-Policy': components['headers']['RateLimit-Policy'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The gateway failed; the request id (`X-Request-Id`) finds it in the logs. No stack trace is ever sent. */
    InternalError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /**
     * @description Not done now, and nothing was acknowledged: the store or a deadline failed, the process is
     *     shutting down, the gateway is at capacity (type `overloaded`), or the identity provider's keys
     *     could not be read to judge the token (the token may be good: do not fetch a new one). Send the
     *     same request again after `Retry-After` seconds.
     */
    Unavailable: {
      headers: {
        'Retry-After': components['headers']['Retry-After'];
        [name: string]: unknown;
      };
      content: {
        'application/problem+json': components['schemas']['Problem'];
      };
    };
  };
  parameters: {
    /**
     * @description A configured adapter instance (tokhaiyte, ncovi, bluezone, zalo, c06, smartcity-hanoi, ...).
     * @example ncovi
     */
    Instance: string;
    /** @example cit_3kTMd9QxV2bHfL7wPzR1aE */
    CitizenId: string;
    /** @example ntc_Qm7Zr2LkT9wXb4HsN1vPaC */
    NoticeId: string;
    /** @example ven_8fJ2nWq5Rt0YcK3mLx7DsB */
    VenueId: string;
    /**
     * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
     *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
     *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
     */
    IdempotencyKey: string;
  };
  requestBodies: never;
  headers: {
    /** @description Seconds to wait before sending the same request again. */
    'Retry-After': number;
    /** @description The caller's quota left in the current window for this class of route (IETF draft httpapi-ratelimit-headers, e.g. `"scan";r=0;t=1`). */
    RateLimit: string;
    /** @description The quota policy this class of route is under (e.g. `"scan";q=200;w=2`: a burst of 200, earned back in 2 s). */
    'RateLimit-Policy': string;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  ingestDeclaration: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path: {
        /**
         * @description A configured adapter instance (tokhaiyte, ncovi, bluezone, zalo, c06, smartcity-hanoi, ...).
         * @example ncovi
         */
        instance: components['parameters']['Instance'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NativeDeclaration'];
      };
    };
    responses: {
      200: components['responses']['Ingested'];
      201: components['responses']['Ingested'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ingestDeclarationBatch: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path: {
        /**
         * @description A configured adapter instance (tokhaiyte, ncovi, bluezone, zalo, c06, smartcity-hanoi, ...).
         * @example ncovi
         */
        instance: components['parameters']['Instance'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/x-ndjson': string;
      };
    };
    responses: {
      /** @description One line per non-blank input line, then, for a batch cut short, an error line, then a summary line. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-ndjson':
            components['schemas']['BatchLine'] | components['schemas']['BatchError'] | components['schemas']['BatchSummary'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  ingestCanonicalDeclaration: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      200: components['responses']['Ingested'];
      201: components['responses']['Ingested'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getDeclaration: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example dcl_bkq9v1qg33m1r7y3wwte49njdh */
        declarationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The declaration as stored. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CanonicalDeclaration'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getCitizen: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example cit_3kTMd9QxV2bHfL7wPzR1aE */
        citizenId: components['parameters']['CitizenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The identity. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Citizen'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getCitizenQr: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example cit_3kTMd9QxV2bHfL7wPzR1aE */
        citizenId: components['parameters']['CitizenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The text to encode in the QR image. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QrText'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getCitizenQrPng: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example cit_3kTMd9QxV2bHfL7wPzR1aE */
        citizenId: components['parameters']['CitizenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description PNG image. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/png': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getCitizenQrSvg: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example cit_3kTMd9QxV2bHfL7wPzR1aE */
        citizenId: components['parameters']['CitizenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description SVG image. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/svg+xml': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  revokeCitizenQr: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path: {
        /** @example cit_3kTMd9QxV2bHfL7wPzR1aE */
        citizenId: components['parameters']['CitizenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The new QR. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QrText'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  verifyQr: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          qr: string;
          /** @description Kept in the log line, unless shaped as a personal number (9 digits or more once separators are dropped). */
          checkpointId?: string;
        };
      };
    };
    responses: {
      /** @description The status, its reasons, and where the answer came from. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerifyAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  postCheckin: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CheckinEvent'];
      };
    };
    responses: {
      200: components['responses']['CheckedIn'];
      201: components['responses']['CheckedIn'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  postCheckinBatch: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/x-ndjson': string;
      };
    };
    responses: {
      /** @description One line per non-blank input line, then, for a batch cut short, an error line, then a summary line. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/x-ndjson':
            components['schemas']['CheckinBatchLine'] | components['schemas']['BatchError'] | components['schemas']['BatchSummary'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getCitizenStays: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example cit_3kTMd9QxV2bHfL7wPzR1aE */
        citizenId: components['parameters']['CitizenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The citizen's stays. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CitizenStays'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  listExposureNotices: {
    parameters: {
      query?: {
        limit?: number;
        after?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of notices. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NoticeList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  issueExposureNotice: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NoticeRequest'];
      };
    };
    responses: {
      201: components['responses']['Notice'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getExposureNotice: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example ntc_Qm7Zr2LkT9wXb4HsN1vPaC */
        noticeId: components['parameters']['NoticeId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Notice'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  approveExposureNotice: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path: {
        /** @example ntc_Qm7Zr2LkT9wXb4HsN1vPaC */
        noticeId: components['parameters']['NoticeId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Notice'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  withdrawExposureNotice: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path: {
        /** @example ntc_Qm7Zr2LkT9wXb4HsN1vPaC */
        noticeId: components['parameters']['NoticeId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: components['responses']['Notice'];
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  registerVenue: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['VenueRegistration'];
      };
    };
    responses: {
      /** @description The venue as stored, with its QR text. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Venue'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getVenue: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example ven_8fJ2nWq5Rt0YcK3mLx7DsB */
        venueId: components['parameters']['VenueId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The venue. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Venue'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getVenueQr: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example ven_8fJ2nWq5Rt0YcK3mLx7DsB */
        venueId: components['parameters']['VenueId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The text to encode in the QR image. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VenueQrText'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getVenueQrPng: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example ven_8fJ2nWq5Rt0YcK3mLx7DsB */
        venueId: components['parameters']['VenueId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description PNG image. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/png': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getVenueQrSvg: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example ven_8fJ2nWq5Rt0YcK3mLx7DsB */
        venueId: components['parameters']['VenueId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description SVG image. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'image/svg+xml': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  postTracingQuery: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TracingQuery'];
      };
    };
    responses: {
      /** @description The stays found and the query's id. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TracingAnswer'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['ValidationFailed'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getTracingContacts: {
    parameters: {
      query?: {
        /** @description The `next` of the page before (a citizen id); absent for the first page. */
        after?: string;
      };
      header?: never;
      path: {
        /** @example trq_Vb3Xk8Pq1Ns6Dw0Jh5Rz2M */
        queryId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of the query's contacts (1,000 at most; as CSV, a `Link` header with rel="next" when there are more). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Contacts'];
          'text/csv': string;
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      406: components['responses']['NotAcceptable'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getTracingAudit: {
    parameters: {
      query?: {
        /** @description The `next` of the page before; absent for the newest page. */
        before?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Who traced what, why, when. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entries: components['schemas']['AuditEntry'][];
            /** @description Where the next, older page begins (its `before`); absent on the last page. */
            next?: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  listAdapters: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The views. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AdaptersStatus'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  setAdapterBreaker: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description The same key with the same body replays the first answer (header `Idempotent-Replayed: true`)
         *     for 24 hours; with a different body, or while the first is still in progress, it is a 409.
         *     Keys are per caller (the token's sub). 1 to 128 visible ASCII characters.
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path: {
        /**
         * @description A configured adapter instance (tokhaiyte, ncovi, bluezone, zalo, c06, smartcity-hanoi, ...).
         * @example ncovi
         */
        instance: components['parameters']['Instance'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {unknown} */
          action: 'open' | 'close' | 'reset';
        };
      };
    };
    responses: {
      /** @description The breaker's state on this process after the action. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            instance: string;
            /** @enum {unknown} */
            action: 'open' | 'close' | 'reset';
            /** @enum {unknown} */
            state: 'closed' | 'half-open' | 'open';
            held: boolean;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getAudit: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Who did what, when. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entries: components['schemas']['AuditEntry'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getReadiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ready. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
      500: components['responses']['InternalError'];
      /**
       * @description Not ready: the identity provider's keys not yet read at start, the store does not take a
       *     write, or draining (`application/json`, the readiness), or the probe did not answer within
       *     the request time (problem+json, with `Retry-After`).
       */
      503: {
        headers: {
          'Retry-After': components['headers']['Retry-After'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Text exposition format 0.0.4. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      500: components['responses']['InternalError'];
    };
  };
  getDashboard: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description HTML. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getJwks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description JWKS (RFC 7517); each key has its kid; ES256. */
      200: {
        headers: {
          /** @description A weak validator of this document (the same for every encoding it is sent in): send it back in `If-None-Match`. */
          ETag?: string;
          /** @description public, max-age=300 */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Jwks'];
        };
      };
      /** @description Not modified (the request's `If-None-Match` names the current `ETag`); no body. */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getOpenApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OpenAPI 3.1. */
      200: {
        headers: {
          /** @description A weak validator of this document (the same for every encoding it is sent in): send it back in `If-None-Match`. */
          ETag?: string;
          /** @description public, max-age=300 */
          'Cache-Control'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      /** @description Not modified (the request's `If-None-Match` names the current `ETag`); no body. */
      304: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Alive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status?: 'ok';
          };
        };
      };
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
    };
  };
}
