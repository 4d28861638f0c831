/**
 * China time, the one clock of the domain: due dates are days in China, and every instant a person
 * reads or types is China time whatever their device's clock. China keeps UTC+8 all year (no
 * daylight saving), so a fixed offset is exact. Dates are written YYYY-MM-DD, instants are ISO 8601.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;
const CHINA_OFFSET = '+08:00';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What an `<input type="datetime-local">` holds: a date and a time to the minute, no zone. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The instant's wall-clock reading in China, as an ISO string with the zone left off. */
const chinaClock = (instant: Date) => new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString();

/** The date in China at an instant. */
export function chinaDate(instant: Date): string {
  return chinaClock(instant).slice(0, 10);
}

/** An instant at a time of day (hours, China time) on a date in China. */
export function chinaTime(date: string, hours: number): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + hours * 3600_000 - CHINA_OFFSET_MS);
}

/** The last millisecond of a date in China: when a due date on that day passes. */
export function endOfChinaDay(date: string): Date {
  return new Date(chinaTime(date, 24).getTime() - 1);
}

/** "2026-10-12 23:59" in China time: how the record and the messages write an instant. */
export function chinaDateTime(instant: Date): string {
  return `${chinaDate(instant)} ${chinaClock(instant).slice(11, 16)}`;
}

/** An instant as the pages show it, in China time and the reader's language; "—" for none. */
export function when(iso: string | undefined | null, lang: 'zh' | 'en' = 'zh'): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** An instant as a `datetime-local` input's value, in China time. */
export function chinaInput(iso: string): string {
  return chinaClock(new Date(Date.parse(iso))).slice(0, 16);
}

/** A `datetime-local` input's value read as China time (ISO with +08:00); anything else is left for the schema to refuse. */
export function fromChinaInput(value: string | undefined): string | undefined {
  return value && LOCAL_DATE_TIME.test(value) ? `${value}:00${CHINA_OFFSET}` : value;
}

/** A date a person picked, at a time of day in China (ISO with +08:00); anything else is left for the schema to refuse. */
export function onChinaDate(value: string, time: `${number}:${number}:${number}`): string {
  return DATE.test(value) ? `${value}T${time}${CHINA_OFFSET}` : value;
}
