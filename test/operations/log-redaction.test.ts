import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../gateway/logging/logger';
import { PERSONAL_FIELDS } from '../../gateway/logging/redact-personal';

/** The lines a logger wrote, parsed. */
function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    logger: createLogger('info', stream),
    lines: () =>
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

describe('log lines: personal fields redacted as a second line of defence', () => {
  it('replaces every personal field inside a logged field, and keeps the rest', () => {
    const { logger, lines } = capture();
    const fields = PERSONAL_FIELDS;
    const subject = { provinceCode: '79', fullName: 'Nguyễn Văn An'.normalize('NFD'), birthDate: '1985-03-02', phone: '+84912345678' };
    const everything = Object.fromEntries(fields.map((field) => [field, `079085001234 ${field}`]));
    logger.info({ route: '/v1/verify', subject, everything }, 'audit');

    const [line] = lines();
    assert.deepEqual(line.subject, { provinceCode: '79', fullName: '[redacted]', birthDate: '[redacted]', phone: '[redacted]' });
    assert.deepEqual(line.everything, Object.fromEntries(fields.map((field) => [field, '[redacted]'])));
    assert.equal(line.route, '/v1/verify');
    assert.equal(subject.fullName, 'Nguyễn Văn An'.normalize('NFD'), 'the logged object itself is left as it was');
  });

  it("redacts a request's and an answer's credentials, not their other headers", () => {
    const { logger, lines } = capture();
    const req = {
      method: 'POST',
      headers: { authorization: 'Bearer eyJhbGciOi', cookie: 'sid=1', 'proxy-authorization': 'Basic dTpw', 'user-agent': 'checkpoint/2.1' },
    };
    const res = { statusCode: 200, headers: { 'set-cookie': 'sid=2', 'content-type': 'application/json' } };
    logger.warn({ req, res }, 'refused');
    const [line] = lines();
    assert.deepEqual(line.req, {
      method: 'POST',
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'proxy-authorization': '[redacted]', 'user-agent': 'checkpoint/2.1' },
    });
    assert.deepEqual(line.res.headers, { 'set-cookie': '[redacted]', 'content-type': 'application/json' });
    assert.equal(req.headers.authorization, 'Bearer eyJhbGciOi');
  });

  it('keeps an error its type, message and stack while redacting a personal field it carries', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new TypeError('no such citizen'), { phone: '0912345678', code: 'E_CITIZEN' });
    logger.error({ err }, 'failed');
    const logged = lines()[0].err;
    assert.equal(logged.type, 'TypeError');
    assert.equal(logged.message, 'no such citizen');
    assert.match(logged.stack, /TypeError: no such citizen/);
    assert.equal(logged.phone, '[redacted]');
    assert.equal(logged.code, 'E_CITIZEN');
  });

  it("redacts a child logger's bindings, and a frozen object's fields", () => {
    const { logger, lines } = capture();
    logger.child({ citizen: { identifiers: [{ system: 'vn-cccd', value: '079085001234' }] } }).info('bound');
    logger
      .child({ requestId: 'r-1' })
      .child({ caller: { phone: '0912345678' } })
      .info('bound twice');
    logger.info({ frozen: Object.freeze({ qr: 'VNHC1.payload', kind: 'citizen' }) }, 'frozen');
    const [bound, boundTwice, frozen] = lines();
    assert.deepEqual(bound.citizen, { identifiers: '[redacted]' });
    assert.deepEqual([boundTwice.requestId, boundTwice.caller], ['r-1', { phone: '[redacted]' }]);
    assert.deepEqual(frozen.frozen, { qr: '[redacted]', kind: 'citizen' });
  });

  it("redacts an object interpolated into the message (%j, %o), as pino's redact option did", () => {
    const { logger, lines } = capture();
    const subject = { fullName: 'Nguyễn Văn An', provinceCode: '79' };
    logger.info('scan of %j', { subject });
    logger.info({ route: '/v1/verify' }, 'refused %o', { caller: { phone: '0912345678' } });
    logger.info('batch of %j', [{ birthDate: '1985-03-02', line: 1 }, 'as it is']);
    const [scan, refused, batch] = lines();
    assert.equal(scan.msg, 'scan of {"subject":{"fullName":"[redacted]","provinceCode":"79"}}');
    assert.equal(refused.msg, 'refused {"caller":{"phone":"[redacted]"}}');
    assert.equal(batch.msg, 'batch of [{"birthDate":"[redacted]","line":1},"as it is"]');
    assert.equal(subject.fullName, 'Nguyễn Văn An', 'the logged object itself is left as it was');
  });

  it("redacts bindings set on a logger after it was made (setBindings), as a child's", () => {
    const { logger, lines } = capture();
    const child = logger.child({ requestId: 'r-2' });
    child.setBindings({ caller: { phone: '0912345678', kind: 'checkpoint' } });
    child.info('rebound');
    assert.deepEqual(lines()[0].caller, { phone: '[redacted]', kind: 'checkpoint' });
  });

  it("redacts the personal fields of the objects in an array field: a batch's records, a list of subjects", () => {
    const { logger, lines } = capture();
    const records = [{ line: 1, fullName: 'Trần Thị Bình', provinceCode: '01' }, 'a line that is not an object', { line: 3 }];
    logger.warn({ records }, 'refused lines');
    assert.deepEqual(lines()[0].records, [
      { line: 1, fullName: '[redacted]', provinceCode: '01' },
      'a line that is not an object',
      { line: 3 },
    ]);
    assert.equal((records[0] as { fullName: string }).fullName, 'Trần Thị Bình', 'the logged array itself is left as it was');
  });

  it('judges an object with a toJSON by what the line will hold: its personal fields redacted', () => {
    const { logger, lines } = capture();
    const citizen = { toJSON: () => ({ phone: '0912345678', provinceCode: '79' }) };
    logger.info({ citizen, when: new Date(Date.UTC(2021, 7, 15)) }, 'looked up');
    const [line] = lines();
    assert.deepEqual(line.citizen, { phone: '[redacted]', provinceCode: '79' });
    assert.equal(line.when, '2021-08-15T00:00:00.000Z');
  });

  it('redacts a personal field an error inherits from its class, which the error serializer logs', () => {
    const { logger, lines } = capture();
    class LookupError extends Error {}
    Object.defineProperty(LookupError.prototype, 'phone', { value: '0912345678', enumerable: true });
    logger.error({ err: new LookupError('no record for this phone') }, 'failed');
    const logged = lines()[0].err;
    assert.deepEqual([logged.type, logged.message, logged.phone], ['LookupError', 'no record for this phone', '[redacted]']);
  });

  it('logs a value that throws when read as the censor mark, and the log call never throws', () => {
    const { logger, lines } = capture();
    const broken = {
      toJSON: () => {
        throw new Error('cannot serialise');
      },
    };
    const trapped = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
        getOwnPropertyDescriptor: () => {
          throw new Error('trap');
        },
      },
    );
    assert.doesNotThrow(() => logger.info({ broken, trapped, records: [broken], route: '/v1/verify' }, 'odd values'));
    const [line] = lines();
    assert.deepEqual([line.broken, line.trapped, line.records, line.route], ['[redacted]', '[redacted]', ['[redacted]'], '/v1/verify']);
  });

  it("judges an error by its fields, as pino's error serializer writes it, not by a toJSON that hides one", () => {
    const { logger, lines } = capture();
    class ReportedError extends Error {
      toJSON() {
        return { message: this.message };
      }
    }
    logger.error({ err: Object.assign(new ReportedError('lookup failed'), { phone: '0912345678' }) }, 'failed');
    assert.equal(lines()[0].err.phone, '[redacted]');
  });

  it('adds nothing for a method or getter a class has under a personal name: the line holds none', () => {
    const { logger, lines } = capture();
    class Answer {
      status = 200;
      text(): string {
        return 'Nguyễn Văn An';
      }
    }
    logger.info({ answer: new Answer() }, 'answered');
    assert.deepEqual(lines()[0].answer, { status: 200 });
  });

  it('redacts a personal field logged as a field of the line itself', () => {
    const { logger, lines } = capture();
    logger.warn({ route: '/v1/verify', phone: '+84912345678', fullName: 'Lê Thị Hồng' }, 'refused');
    const [line] = lines();
    assert.deepEqual([line.route, line.phone, line.fullName], ['/v1/verify', '[redacted]', '[redacted]']);
  });

  it("redacts a personal field at any depth: in an object of an object, in an array of arrays, in an error's object", () => {
    const { logger, lines } = capture();
    const cccd = { system: 'vn-cccd', value: '079085001234' };
    const batch = { window: { records: [[{ line: 7, subject: { fullName: 'Phạm Minh Đức'.normalize('NFD'), identifiers: [cccd] } }]] } };
    const err = Object.assign(new Error('store refused'), { record: { subject: { phone: '0912345678' } } });
    logger.error({ batch, err }, 'failed');
    const [line] = lines();
    assert.deepEqual(line.batch, { window: { records: [[{ line: 7, subject: { fullName: '[redacted]', identifiers: '[redacted]' } }]] } });
    assert.doesNotMatch(JSON.stringify(line), /0912345678|079085001234|Ph/);
    assert.deepEqual(line.err.record, { subject: { phone: '[redacted]' } });
    assert.equal(err.record.subject.phone, '0912345678', 'the logged error itself is left as it was');
  });

  it('writes an object nested past eight levels as the censor mark, and a cycle as the mark where it closes', () => {
    const { logger, lines } = capture();
    const deep: Record<string, unknown> = { phone: '0912345678' };
    let top = deep;
    for (let level = 0; level < 9; level += 1) top = { inner: top };
    const cyclic: Record<string, unknown> = { route: '/v1/verify', phone: '0912345678' };
    cyclic.self = cyclic;
    assert.doesNotThrow(() => logger.info({ top, cyclic }, 'odd shapes'));
    const [line] = lines();
    assert.doesNotMatch(JSON.stringify(line), /0912345678/);
    let reached: unknown = line.top;
    for (let level = 0; level < 7; level += 1) reached = (reached as { inner: unknown }).inner;
    assert.equal(reached, '[redacted]');
    assert.deepEqual(line.cyclic, { route: '/v1/verify', phone: '[redacted]', self: '[redacted]' });
  });

  it('judges an object the line refers to many times once, and each field that throws on its own', () => {
    const { logger, lines } = capture();
    let reads = 0;
    const shared = {
      get provinceCode() {
        reads += 1;
        return '79';
      },
    };
    Object.defineProperty(shared, 'provinceCode', { enumerable: true });
    const broken = {
      route: '/v1/verify',
      get phone(): string {
        throw new Error('trap');
      },
      get status(): number {
        throw new Error('trap');
      },
    };
    logger.info({ many: Array.from({ length: 10 }, () => ({ a: shared, b: shared })), broken }, 'shared');
    const [line] = lines();
    assert.equal(reads, 1 + 20, 'read once by the redaction, then once per reference by the line itself');
    assert.deepEqual(line.broken, { route: '/v1/verify', phone: '[redacted]', status: '[redacted]' });
  });

  it("redacts an AggregateError's errors, headers named in any case, and the array a toJSON gives", () => {
    const { logger, lines } = capture();
    const err = new AggregateError([Object.assign(new Error('line 3'), { phone: '0912345678', line: 3 })], 'two lines failed');
    const req = { headers: { Authorization: 'Bearer eyJhbGciOi', Cookie: 'sid=1', Accept: 'application/json' } };
    const batch = { toJSON: () => [{ fullName: 'Đặng Thu Thảo', line: 1 }] };
    logger.error({ err, req, batch }, 'failed');
    const [line] = lines();
    assert.deepEqual(
      line.err.aggregateErrors.map((e: { phone: string; line: number }) => [e.phone, e.line]),
      [['[redacted]', 3]],
    );
    assert.deepEqual(line.req.headers, { Authorization: '[redacted]', Cookie: '[redacted]', Accept: 'application/json' });
    assert.deepEqual(line.batch, [{ fullName: '[redacted]', line: 1 }]);
    assert.equal(err.errors[0].phone, '0912345678', 'the logged error itself is left as it was');
  });
});
