const STOCKHOLM_DATE = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** yyyy-mm-dd in Europe/Stockholm: what a person in Sweden sees as the date. */
export function formatStockholmDate(date: Date): string {
  return STOCKHOLM_DATE.format(date);
}
