import assert from 'node:assert/strict';
import { formatIct, fromEpochMillis, fromEpochSeconds, parseBirthDate, parseDate, parseDateTime } from '../../gateway/normalize/dates';

const ok = <T>(value: T) => ({ ok: true, value });

describe('dates and times', () => {
  it('reads dd/MM/yyyy, d/M/yyyy and yyyy-MM-dd as one calendar date', () => {
    assert.deepEqual(parseDate('05/11/1990'), ok('1990-11-05'));
    assert.deepEqual(parseDate('5/11/1990'), ok('1990-11-05'));
    assert.deepEqual(parseDate('1990-11-05'), ok('1990-11-05'));
  });

  it('refuses dates that do not exist: 31/02, 29/02 of a common year, month 13', () => {
    for (const bad of ['31/02/2021', '2021-02-29', '01/13/2021', '00/01/2021', '2021-04-31']) assert.equal(parseDate(bad).ok, false, bad);
    assert.deepEqual(parseDate('29/02/2020'), ok('2020-02-29'));
  });

  it('reads a local time without offset as Indochina Time (+07:00)', () => {
    assert.deepEqual(parseDateTime('15/08/2021 07:45'), ok('2021-08-15T07:45:00+07:00'));
    assert.deepEqual(parseDateTime('2021-07-20 08:30:00'), ok('2021-07-20T08:30:00+07:00'));
  });

  it('writes a time given in UTC or another offset at +07:00', () => {
    assert.deepEqual(parseDateTime('2021-08-13T14:20:00Z'), ok('2021-08-13T21:20:00+07:00'));
    assert.deepEqual(parseDateTime('2021-08-15T07:45:00+07:00'), ok('2021-08-15T07:45:00+07:00'));
    assert.deepEqual(parseDateTime('2021-08-15T00:45:00+00:00'), ok('2021-08-15T07:45:00+07:00'));
  });

  it('reads an offset time written without its seconds, as its pattern allows', () => {
    assert.deepEqual(parseDateTime('2021-08-15T07:45+07:00'), ok('2021-08-15T07:45:00+07:00'));
    assert.deepEqual(parseDateTime('2021-08-15T00:45Z'), ok('2021-08-15T07:45:00+07:00'));
    assert.equal(parseDateTime('2021-08-15T24:45+07:00').ok, false);
  });

  it('refuses a local time before 1900, never reading a year 0021 as 1921', () => {
    for (const bad of ['15/08/0021 07:45', '0021-07-20 08:30:00', '15/08/1899 07:45'])
      assert.deepEqual(parseDateTime(bad), { ok: false, message: 'is before 1900' }, bad);
  });

  it('refuses a time of day or a date that does not exist', () => {
    for (const bad of ['2021-07-20 25:30:00', '31/02/2021 07:45', '2021-08-15T24:00:00Z', 'hôm qua'])
      assert.equal(parseDateTime(bad).ok, false, bad);
  });

  it('reads epoch seconds (Zalo) and epoch milliseconds (NCOVI)', () => {
    assert.deepEqual(fromEpochSeconds(1620655200), ok('2021-05-10T21:00:00+07:00'));
    assert.deepEqual(fromEpochMillis(1628988300000), ok('2021-08-15T07:45:00+07:00'));
  });

  it('refuses seconds sent where milliseconds are expected, and the reverse', () => {
    assert.equal(fromEpochMillis(1628988300).ok, false);
    assert.equal(fromEpochSeconds(1628988300000).ok, false);
  });

  it('keeps a year-only birth date as the year, and refuses one in the future', () => {
    assert.deepEqual(parseBirthDate(1985, '2021-08-15'), ok('1985'));
    assert.deepEqual(parseBirthDate('12/03/1985', '2021-08-15'), ok('1985-03-12'));
    assert.equal(parseBirthDate('2030', '2021-08-15').ok, false);
    assert.equal(parseBirthDate('1850', '2021-08-15').ok, false);
  });

  it('refuses a birth date before 1900, the bound every date shares, and accepts 1900 itself', () => {
    assert.equal(parseBirthDate('1899', '2021-08-15').ok, false);
    assert.equal(parseBirthDate('31/12/1899', '2021-08-15').ok, false);
    assert.deepEqual(parseBirthDate('1900', '2021-08-15'), ok('1900'));
  });

  it('refuses a leap second (23:59:60), which RFC 3339 allows but Date.parse does not, with an offset or without', () => {
    for (const leap of [
      '2021-08-15T23:59:60+07:00',
      '2016-12-31T23:59:60Z',
      '2017-01-01T06:59:60+07:00',
      '2021-08-15 23:59:60',
      '15/08/2021 23:59:60',
    ]) {
      assert.equal(parseDateTime(leap).ok, false, leap);
    }
  });

  it('formats an instant at +07:00 with milliseconds only when there are some', () => {
    assert.equal(formatIct(Date.UTC(2021, 7, 15, 0, 45)), '2021-08-15T07:45:00+07:00');
    assert.equal(formatIct(Date.UTC(2021, 7, 15, 0, 45, 0, 120)), '2021-08-15T07:45:00.120+07:00');
  });
});
