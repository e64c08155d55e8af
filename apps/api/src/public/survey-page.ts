import type { PageQuestion, SurveyPageState } from '@app/surveys';
import { SURVEY_LIMITS } from '@app/surveys';
import { html, publicPage, SafeHtml } from '@app/tracking';

const T = {
  sv: {
    greeting: (name: string | null) => (name ? `Hej ${name}!` : 'Hej!'),
    required: 'obligatorisk',
    requiredHint: 'Frågor märkta * måste besvaras.',
    anonymous: 'Enkäten är anonym: dina svar sparas utan ditt namn.',
    low: 'Mycket dåligt',
    high: 'Mycket bra',
    submit: 'Skicka svar',
    answered: 'Du har redan svarat. Här är dina svar; du kan ändra dem tills enkäten stänger.',
    fixErrors: 'Något behöver rättas innan svaren kan sparas:',
    thanks: 'Tack för dina svar!',
    changed: 'Dina svar är ändrade.',
    changeLater: 'Du kan ändra dem med samma länk så länge enkäten är öppen.',
    change: 'Ändra dina svar',
    closed: 'Enkäten är stängd. Svar tas inte längre emot.',
    closedTitle: 'Enkäten är stängd',
    yourAnswers: 'Dina svar finns kvar.',
  },
  en: {
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Hello,'),
    required: 'required',
    requiredHint: 'Questions marked * must be answered.',
    anonymous: 'The survey is anonymous: your answers are stored without your name.',
    low: 'Very poor',
    high: 'Very good',
    submit: 'Send answers',
    answered:
      'You have already answered. Here are your answers; you can change them until the survey closes.',
    fixErrors: 'Please correct the following before your answers can be saved:',
    thanks: 'Thank you for your answers!',
    changed: 'Your answers have been changed.',
    changeLater: 'You can change them with the same link while the survey is open.',
    change: 'Change your answers',
    closed: 'The survey is closed. Answers are no longer taken.',
    closedTitle: 'The survey is closed',
    yourAnswers: 'Your answers are kept.',
  },
};

/** Text with its line breaks kept, every line escaped. */
function lines(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split('\n')
      .map((l) => html`${l}`.html)
      .join('<br />'),
  );
}

function question(page: SurveyPageState, q: PageQuestion, n: number, error: string | undefined): SafeHtml {
  const t = T[page.language];
  const chosen = new Set(page.values[q.id] ?? []);
  const errorId = `fel-${q.id}`;
  const errorHtml = error ? html`<p class="error" id="${errorId}">${error}</p>` : '';
  const described = new SafeHtml(error ? ` aria-describedby="${errorId}"` : '');
  const legend = html`${n}. ${q.text}${q.required ? html` <span aria-label="${t.required}">*</span>` : ''}`;
  const option = (type: 'radio' | 'checkbox', value: string, label: string) =>
    html`<label
      ><input
        type="${type}"
        name="${q.id}"
        value="${value}"
        ${chosen.has(value) ? new SafeHtml('checked') : ''}
      />${label}</label
    >`;
  switch (q.kind) {
    case 'rating':
      return html`<fieldset${described}>
        <legend>${legend}</legend>
        ${new SafeHtml(
          [1, 2, 3, 4, 5]
            .map(
              (v) =>
                option('radio', String(v), v === 1 ? `1 – ${t.low}` : v === 5 ? `5 – ${t.high}` : String(v))
                  .html,
            )
            .join(''),
        )}
        ${errorHtml}
      </fieldset>`;
    case 'single':
    case 'multiple':
      return html`<fieldset${described}>
        <legend>${legend}</legend>
        ${new SafeHtml(
          q.choices
            .map((c, i) => option(q.kind === 'single' ? 'radio' : 'checkbox', String(i + 1), c).html)
            .join(''),
        )}
        ${errorHtml}
      </fieldset>`;
    case 'text':
      return html`<label for="${q.id}">${legend}</label>
        <textarea
          id="${q.id}"
          name="${q.id}"
          rows="4"
          maxlength="${SURVEY_LIMITS.answerText}"
          ${new SafeHtml(error ? ` aria-invalid="true" aria-describedby="${errorId}"` : '')}
        >
${page.values[q.id]?.[0] ?? ''}</textarea>
        ${errorHtml}`;
  }
}

function heading(page: SurveyPageState): SafeHtml {
  return html`<h1>${page.title}</h1>
    ${page.intro ? html`<p>${lines(page.intro)}</p>` : ''}`;
}

/** GET /s/TOKEN: the survey's questions, filled in with the earlier answers; the closed page once it closes. */
export function surveyPage(page: SurveyPageState, errors: Record<string, string> = {}): string {
  const t = T[page.language];
  if (page.closed) return closedSurveyPage(page);
  const summary = Object.keys(errors).length ? html`<p class="error" role="alert">${t.fixErrors}</p>` : '';
  return publicPage(
    page.title,
    html`<p>${t.greeting(page.firstName)}</p>
      ${heading(page)} ${page.anonymous ? html`<p class="hint">${t.anonymous}</p>` : ''}
      ${page.answered && !Object.keys(errors).length ? html`<p><strong>${t.answered}</strong></p>` : ''}
      ${page.questions.some((q) => q.required) ? html`<p class="hint">${t.requiredHint}</p>` : ''} ${summary}
      <form method="post">
        ${new SafeHtml(page.questions.map((q, i) => question(page, q, i + 1, errors[q.id]).html).join(''))}
        <button type="submit">${t.submit}</button>
      </form>`,
    page.language,
  );
}

/** The survey no longer takes answers: said so, no form. */
export function closedSurveyPage(page: SurveyPageState): string {
  const t = T[page.language];
  return publicPage(
    t.closedTitle,
    html`${heading(page)}
      <p><strong>${t.closed}</strong></p>
      ${page.answered ? html`<p>${t.yourAnswers}</p>` : ''}`,
    page.language,
  );
}

/** The receipt after saved answers, with the way back to change them. */
export function surveySavedPage(page: SurveyPageState, changed: boolean): string {
  const t = T[page.language];
  return publicPage(
    t.thanks,
    html`<h1>${t.thanks}</h1>
      ${changed ? html`<p>${t.changed}</p>` : ''}
      <p>${page.title}</p>
      <p>${t.changeLater}</p>
      <p><a class="action" href="">${t.change}</a></p>`,
    page.language,
  );
}
