/** The organization's time zone: the demo organizations' New York unless E2E_TIME_ZONE names the one under test. */
export const timeZone = process.env.E2E_TIME_ZONE ?? 'America/New_York';

export const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The organization's date `days` from today as yyyy-MM-dd. */
export function isoDay(days: number) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86_400_000));
}

/** The organization's day `days` from today, as the calendar labels it. */
export function localDay(days: number) {
  const now = new Date(Date.now() + days * 86_400_000);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, day: 'numeric', weekday: 'long' }).formatToParts(now);
  const get = (type: string) => parts.find(p => p.type === type)!.value;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone, month: 'long' }).format(now);
  const weekday = get('weekday');
  return { weekday, label: `${weekday} ${Number(get('day'))} ${month}`, isMonday: weekday === 'Monday', isSunday: weekday === 'Sunday' };
}

/** An instant at a local wall-clock time of the organization's date `days` from today, with that day's offset. */
export function localInstant(days: number, time: string) {
  const day = isoDay(days);
  const guess = new Date(`${day}T${time}:00Z`);
  const offsetName = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(guess).find(p => p.type === 'timeZoneName')!.value;
  const offset = offsetName === 'GMT' ? '+00:00' : offsetName.slice(3);
  return `${day}T${time}:00${offset}`;
}

/** Days from today to a day of next month: a month that has not begun, so nothing in it ends during the run. */
export function daysToNextMonth(day: number) {
  const [year, month, today] = isoDay(0).split('-').map(Number);
  return Math.round((Date.UTC(year, month, day) - Date.UTC(year, month - 1, today)) / 86_400_000);
}
