/**
 * The largest JSON body any DTO allows, with room for formatting: a campaign audience of 100,000 contact ids
 * (36 characters, quotes and a comma each: ~3.9 MB; pretty-printed ~4.4 MB), a template with two 500,000-character
 * MJML versions (~1–3 MB in UTF-8). Adding 10,000 list members is ~0.4 MB. Anything larger is refused with 413
 * before it is parsed.
 */
export const JSON_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * Form bodies are only taken by the public pages (/u's button and RFC 8058 one-click posts, a field or two); the
 * staff API takes JSON only. 1000 fields is body-parser's own cap; more is refused with 413.
 */
export const FORM_BODY_LIMIT_BYTES = 16 * 1024;
export const FORM_PARAMETER_LIMIT = 1000;
