import assert from 'node:assert/strict';
import { fullFormats } from 'ajv-formats/dist/formats';
import { compileSchema, isWrittenDate, isWrittenIctTime } from '../../gateway/domain/schema-compiler';

/** ajv-formats' own checks: what every schema's `date` and `date-time` meant before the shortcut. */
const fullDate = (fullFormats.date as { validate: (value: string) => boolean }).validate;
const fullDateTime = (fullFormats['date-time'] as { validate: (value: string) => boolean }).validate;

const validDate = compileSchema({ type: 'string', format: 'date' });
const validDateTime = compileSchema({ type: 'string', format: 'date-time' });

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const DATES = [0, 1900, 2000, 2020, 2021, 2100, 9999].flatMap((year) =>
  Array.from({ length: 14 * 33 }, (_, i) => `${pad(year, 4)}-${pad(Math.floor(i / 33))}-${pad(i % 33)}`),
);
const TIMES = [0, 6, 7, 16, 23, 24, 30, 99].flatMap((hour) =>
  [0, 59, 60, 99].flatMap((minute) => [0, 59, 60, 61, 99].map((second) => `${pad(hour)}:${pad(minute)}:${pad(second)}`)),
);
const ZONES = ['+07:00', '+07:01', '+24:00', 'Z', 'z', '-07:00', '+0700', ''];

describe('date and date-time formats: the shortcut for the gateway own shapes changes no answer', () => {
  it('accepts and refuses every calendar date of leap, common and century years as ajv-formats does', () => {
    for (const date of [...DATES, '2021-8-15', '2021-08-15 ', '20210815', '2021/08/15', '２０２１-08-15', '2021-08-1a']) {
      assert.equal(validDate(date), fullDate(date), date);
      if (isWrittenDate(date)) assert.ok(fullDate(date), date);
    }
  });

  it('accepts and refuses times of Indochina Time and others, leap seconds and impossible hours included, as ajv-formats does', () => {
    const dates = ['2020-02-29', '2021-02-29', '2021-12-31', '2021-00-10', '1900-02-29', '2000-02-29'];
    for (const date of dates) {
      for (const time of TIMES) {
        for (const millis of ['', '.000', '.5', '.123456']) {
          for (const zone of ZONES) {
            for (const separator of ['T', 't', ' ']) {
              const value = `${date}${separator}${time}${millis}${zone}`;
              assert.equal(validDateTime(value), fullDateTime(value), value);
              if (isWrittenIctTime(value)) assert.ok(fullDateTime(value), value);
            }
          }
        }
      }
    }
  });

  it('takes the shortcut for the shapes the gateway writes', () => {
    assert.ok(isWrittenIctTime('2021-08-15T07:45:00+07:00'));
    assert.ok(isWrittenIctTime('2021-08-15T07:45:00.120+07:00'));
    assert.ok(isWrittenDate('2021-08-15'));
    assert.ok(!isWrittenIctTime('2021-08-15T06:59:60+07:00'), 'a leap second is left to ajv-formats');
    assert.ok(validDateTime('2021-12-31T06:59:60+07:00'), 'which accepts it at 23:59:60 UTC');
  });
});
