import Handlebars from 'handlebars';

/**
 * An isolated Handlebars environment with only our helpers, so nothing registered elsewhere leaks into
 * templates. Prototype access stays disabled (Handlebars ≥ 4.6 default).
 */
export function createHandlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('default', (value: unknown, fallback: unknown) => {
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    return empty ? fallback : value;
  });
  return hbs;
}
