import assert from 'node:assert/strict';
import { pastInstant, timeBounds, travelDate, TRAVEL_DAYS_AHEAD } from '../../gateway/normalize/time-bounds';

const RECEIVED_AT = '2021-08-15T07:45:00+07:00';
const FIVE_MINUTES = 5 * 60 * 1000;
const bounds = timeBounds(RECEIVED_AT, FIVE_MINUTES);

describe('time bounds: nothing after the arrival but clock skew, nothing before 1900', () => {
  it('accepts a time up to the allowed skew after the arrival, and refuses one a second later', () => {
    assert.equal(pastInstant('2021-08-15T07:50:00+07:00', bounds).ok, true);
    const late = pastInstant('2021-08-15T07:50:01+07:00', bounds);
    assert.ok(!late.ok);
    assert.match(late.message, /5 minutes of clock skew/);
  });

  it('refuses a time a year ahead of its arrival without repeating the time in the message', () => {
    const ahead = pastInstant('2022-08-15T07:45:00+07:00', bounds);
    assert.ok(!ahead.ok);
    assert.ok(!ahead.message.includes('2022'), ahead.message);
  });

  it('holds to a skew of zero: one millisecond after the arrival is the future', () => {
    const strict = timeBounds(RECEIVED_AT, 0);
    assert.equal(pastInstant('2021-08-15T07:45:00+07:00', strict).ok, true);
    assert.equal(pastInstant('2021-08-15T07:45:00.001+07:00', strict).ok, false);
  });

  it('refuses a time before 1900 (Indochina Time) and accepts 1900-01-01 00:00 itself', () => {
    assert.equal(pastInstant('1899-12-31T23:59:59+07:00', bounds).ok, false);
    assert.equal(pastInstant('1900-01-01T00:00:00+07:00', bounds).ok, true);
  });

  it(`accepts a trip dated ${TRAVEL_DAYS_AHEAD} days after the arrival (declared ahead) and refuses one a day later`, () => {
    assert.equal(travelDate('2021-09-14', bounds).ok, true);
    assert.equal(travelDate('2021-09-15', bounds).ok, false);
    assert.equal(travelDate('2024-08-15', bounds).ok, false);
  });

  it('refuses a trip dated before 1900', () => {
    assert.equal(travelDate('1899-12-31', bounds).ok, false);
  });

  it('takes "today" as the local date of the arrival, whatever offset the arrival was written in', () => {
    assert.equal(timeBounds('2021-08-14T18:30:00Z', FIVE_MINUTES).today, '2021-08-15');
  });
});
