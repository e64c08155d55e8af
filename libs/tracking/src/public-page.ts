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
 * A small, readable, mobile-friendly page for people who follow a link in a mail. Swedish first; `lang` for a
 * page written in the recipient's language.
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
          body {
            font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
            background: #f4f1ec;
            color: #1f2933;
            margin: 0;
          }
          main {
            max-width: 34rem;
            margin: 3rem auto;
            background: #fff;
            padding: 2rem;
            border-radius: 8px;
            line-height: 1.5;
          }
          h1 {
            font-size: 1.5rem;
            margin-top: 0;
          }
          button {
            background: #7a1f3d;
            color: #fff;
            border: 0;
            border-radius: 6px;
            padding: 0.9rem 1.6rem;
            font-size: 1rem;
            cursor: pointer;
          }
          label {
            display: block;
            margin: 1rem 0 0.3rem;
            font-weight: 600;
          }
          fieldset {
            border: 0;
            padding: 0;
            margin: 1rem 0;
          }
          fieldset label {
            font-weight: 400;
            margin: 0.5rem 0;
            padding: 0.4rem 0;
          }
          input[type='text'],
          textarea {
            box-sizing: border-box;
            width: 100%;
            font: inherit;
            padding: 0.6rem;
            border: 1px solid #999;
            border-radius: 6px;
          }
          input[type='radio'] {
            width: 1.2rem;
            height: 1.2rem;
            vertical-align: middle;
            margin-right: 0.5rem;
          }
          .error {
            color: #a4161a;
            font-weight: 600;
          }
          .hint {
            color: #555;
            font-size: 0.9rem;
          }
          .en {
            color: #555;
            font-size: 0.9rem;
            margin-top: 2rem;
          }
        </style>
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`.html;
}
