const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Raw HTML that has already been escaped or is a literal from code. */
export class SafeHtml {
  constructor(readonly html: string) {}
}

/** Tagged template for public pages: every interpolated value is escaped unless it is SafeHtml. */
export function html(
  strings: TemplateStringsArray,
  ...values: (string | number | SafeHtml | null | undefined)[]
): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += value instanceof SafeHtml ? value.html : escapeHtml(String(value ?? ''));
    out += strings[i + 1];
  });
  return new SafeHtml(out);
}

/**
 * The one stylesheet of every public page (/u, /r, /h and their error pages): phone first, WCAG 2.1 AA. Text
 * and borders hold their contrast on white (#555 is 7.5:1, the button's #7a1f3d 10:1, field borders #767676
 * 4.5:1), every control is at least 44 px tall, the keyboard focus is a thick outline, and the chosen answer
 * of a radio group shows on its whole row. No script anywhere: the pages work without JavaScript.
 */
const STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  body {
    font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
    font-size: 1rem;
    line-height: 1.5;
    background: #fff;
    color: #1f2933;
    margin: 0;
    -webkit-text-size-adjust: 100%;
  }
  main { max-width: 34rem; margin: 0 auto; background: #fff; padding: 1.5rem 1.25rem 2rem; }
  @media (min-width: 36rem) {
    body { background: #f4f1ec; }
    main { margin: 3rem auto; padding: 2rem; border-radius: 8px; }
  }
  h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; }
  h2 { font-size: 1.2rem; line-height: 1.3; margin: 1.5rem 0 0.75rem; }
  a { color: #7a1f3d; text-underline-offset: 0.15em; }
  a.action { display: inline-block; min-height: 44px; padding: 0.6rem 0; font-weight: 600; }
  :focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
  button {
    background: #7a1f3d;
    color: #fff;
    border: 0;
    border-radius: 6px;
    min-height: 48px;
    padding: 0.75rem 1.6rem;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  button:hover { background: #5e1730; }
  form button { margin-top: 1.5rem; }
  label { display: block; margin: 1.25rem 0 0.3rem; font-weight: 600; }
  fieldset { border: 0; padding: 0; margin: 1.25rem 0; min-width: 0; }
  legend { font-weight: 600; padding: 0; margin-bottom: 0.5rem; }
  fieldset label {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 48px;
    margin: 0.5rem 0;
    padding: 0.6rem 1rem;
    border: 1px solid #767676;
    border-radius: 6px;
    font-weight: 400;
    cursor: pointer;
  }
  fieldset label:has(input:checked) { border-color: #7a1f3d; background: #f9eff2; box-shadow: inset 0 0 0 1px #7a1f3d; }
  input[type='radio'] { flex: none; width: 1.25rem; height: 1.25rem; margin: 0; accent-color: #7a1f3d; }
  input[type='text'], textarea {
    display: block;
    width: 100%;
    min-height: 48px;
    font: inherit;
    color: inherit;
    background: #fff;
    padding: 0.6rem 0.75rem;
    border: 1px solid #767676;
    border-radius: 6px;
  }
  input[type='text'][aria-invalid='true'], textarea[aria-invalid='true'] { border: 2px solid #a4161a; }
  .hint { color: #555; font-size: 0.9rem; margin: 0 0 0.4rem; }
  .error { color: #a4161a; font-weight: 600; }
  .en { color: #555; font-size: 0.9rem; margin-top: 2rem; padding-top: 1rem; border-top: 1px solid #e4ded3; }
`;

/**
 * A small, readable, phone-first page for people who follow a link in a mail. Swedish first; `lang` en for a
 * page written in the recipient's language (English passages on a Swedish page carry their own lang="en").
 */
export function publicPage(title: string, body: SafeHtml, lang: 'sv' | 'en' = 'sv'): string {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`.html;
}
