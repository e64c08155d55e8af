import type { AnswerResult, RsvpField, RsvpPageState } from '@app/meetings';
import { RSVP_FIELDS, RSVP_LIMITS } from '@app/meetings';
import { html, publicPage, SafeHtml } from '@app/tracking';

type Lang = 'sv' | 'en';

const T = {
  sv: {
    title: 'Svara på inbjudan',
    greeting: (name: string | null) => (name ? `Hej ${name}!` : 'Hej!'),
    when: 'När',
    where: 'Var',
    deadline: 'Svara senast',
    agenda: 'Program',
    question: 'Kommer du?',
    yes: 'Ja, jag kommer',
    no: 'Nej, jag kan inte',
    maybe: 'Kanske',
    diet: 'Specialkost eller allergier',
    accessibility: 'Behov av tillgänglighet (t.ex. hörslinga, rullstol)',
    comment: 'Övrigt',
    companions: 'Kollegor som följer med',
    companionsHint: `Ett namn per rad, högst ${RSVP_LIMITS.companions}.`,
    submit: 'Skicka svar',
    current: 'Ditt svar just nu',
    fixErrors: 'Något behöver rättas innan svaret kan sparas:',
    change: 'Ändra ditt svar',
    thanks: 'Tack för ditt svar',
    states: {
      invited: 'Inget svar än',
      yes: 'Du är anmäld.',
      no: 'Du har svarat att du inte kommer.',
      maybe: 'Du har svarat kanske.',
      waitlisted: 'Mötet är fullt och du står på väntelistan.',
      cancelled: 'Du har avanmält dig.',
      attended: 'Du var med på mötet.',
      no_show: 'Du kom inte till mötet.',
    },
    position: (n: number) => `Du är nummer ${n} i kön och får besked om en plats blir ledig.`,
    confirmationComing: 'En bekräftelse med en kalenderfil kommer med e-post.',
    closed: {
      cancelled: 'Mötet är inställt. Svar tas inte längre emot.',
      held: 'Mötet är redan genomfört. Svar tas inte längre emot.',
      deadline_passed:
        'Sista dag att svara har passerat, så svaret kan inte längre ändras här. Kontakta oss om något har ändrats.',
      started: 'Mötet har redan börjat. Svar tas inte längre emot.',
    },
  },
  en: {
    title: 'Reply to the invitation',
    greeting: (name: string | null) => (name ? `Dear ${name},` : 'Hello,'),
    when: 'When',
    where: 'Where',
    deadline: 'Please reply by',
    agenda: 'Programme',
    question: 'Will you come?',
    yes: 'Yes, I will come',
    no: 'No, I cannot come',
    maybe: 'Maybe',
    diet: 'Dietary requirements or allergies',
    accessibility: 'Accessibility needs (e.g. hearing loop, wheelchair)',
    comment: 'Anything else',
    companions: 'Colleagues coming with you',
    companionsHint: `One name per line, at most ${RSVP_LIMITS.companions}.`,
    submit: 'Send reply',
    current: 'Your reply so far',
    fixErrors: 'Please correct the following before your reply can be saved:',
    change: 'Change your reply',
    thanks: 'Thank you for your reply',
    states: {
      invited: 'No reply yet',
      yes: 'You are registered.',
      no: 'You have replied that you will not come.',
      maybe: 'You have replied maybe.',
      waitlisted: 'The meeting is full and you are on the waiting list.',
      cancelled: 'You have cancelled your registration.',
      attended: 'You attended the meeting.',
      no_show: 'You did not attend the meeting.',
    },
    position: (n: number) =>
      `You are number ${n} in the queue and will hear from us if a place becomes free.`,
    confirmationComing: 'A confirmation with a calendar file is on its way by e-mail.',
    closed: {
      cancelled: 'The meeting has been cancelled. Replies are no longer taken.',
      held: 'The meeting has already taken place. Replies are no longer taken.',
      deadline_passed:
        'The last day to reply has passed, so your reply can no longer be changed here. Please contact us if anything has changed.',
      started: 'The meeting has already begun. Replies are no longer taken.',
    },
  },
};

/** The meeting: its title the page's heading (h1), or under the receipt's own heading (h2). */
function meetingFacts(page: RsvpPageState, level: 1 | 2 = 1): SafeHtml {
  const t = T[page.language];
  const m = page.meeting;
  const place = [m.venue, m.address, m.city].filter((p) => p).join(', ');
  return html`${level === 1 ? html`<h1>${m.title}</h1>` : html`<h2>${m.title}</h2>`}
    <p>
      <strong>${t.when}:</strong> ${m.date} (${m.time})<br />
      ${place ? html`<strong>${t.where}:</strong> ${place}<br />` : ''}
      ${m.deadline ? html`<strong>${t.deadline}:</strong> ${m.deadline}` : ''}
    </p>
    ${m.description ? html`<p>${m.description}</p>` : ''}
    ${m.agenda ? html`<p><strong>${t.agenda}:</strong><br />${lines(m.agenda)}</p>` : ''}`;
}

/** Text with its line breaks kept, every line escaped. */
function lines(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split('\n')
      .map((l) => html`${l}`.html)
      .join('<br />'),
  );
}

function currentState(page: RsvpPageState): SafeHtml {
  const t = T[page.language];
  return html`<p>
    <strong>${t.current}:</strong> ${t.states[page.state]}
    ${page.waitlistPosition ? t.position(page.waitlistPosition) : ''}
  </p>`;
}

function form(page: RsvpPageState, errors: Partial<Record<RsvpField, string>> = {}): SafeHtml {
  const t = T[page.language];
  const v = page.values;
  const error = (field: RsvpField) =>
    errors[field] ? html`<p class="error" id="fel-${field}">${errors[field]}</p>` : '';
  // A field with an error says so to screen readers, and points at its message.
  const invalid = (field: RsvpField, hint?: string) => {
    const described = [errors[field] ? `fel-${field}` : null, hint].filter((d) => d).join(' ');
    return new SafeHtml(
      (errors[field] ? ' aria-invalid="true"' : '') + (described ? ` aria-describedby="${described}"` : ''),
    );
  };
  const radio = (word: string, label: string) =>
    html`<label
      ><input
        type="radio"
        name="${RSVP_FIELDS.answer}"
        value="${word}"
        required
        ${v.answer === word ? new SafeHtml('checked') : ''}
      />${label}</label
    >`;
  const summary = Object.keys(errors).length ? html`<p class="error" role="alert">${t.fixErrors}</p>` : '';
  return html`${summary}
    <form method="post">
      <fieldset${errors.answer ? new SafeHtml(' aria-describedby="fel-answer"') : ''}>
        <legend>${t.question}</legend>
        ${radio('ja', t.yes)} ${radio('nej', t.no)} ${radio('kanske', t.maybe)} ${error('answer')}
      </fieldset>
      <label for="kost">${t.diet}</label>
      <input
        type="text"
        id="kost"
        name="${RSVP_FIELDS.diet}"
        maxlength="${RSVP_LIMITS.diet}"
        value="${v.diet}"
        ${invalid('diet')}
      />
      ${error('diet')}
      <label for="tillganglighet">${t.accessibility}</label>
      <input
        type="text"
        id="tillganglighet"
        name="${RSVP_FIELDS.accessibility}"
        maxlength="${RSVP_LIMITS.accessibility}"
        value="${v.accessibility}"
        ${invalid('accessibility')}
      />
      ${error('accessibility')}
      <label for="sallskap">${t.companions}</label>
      <p class="hint" id="sallskap-tips">${t.companionsHint}</p>
      <textarea id="sallskap" name="${RSVP_FIELDS.companions}" rows="3" ${invalid('companions', 'sallskap-tips')}>
${v.companions}</textarea>
      ${error('companions')}
      <label for="kommentar">${t.comment}</label>
      <textarea
        id="kommentar"
        name="${RSVP_FIELDS.comment}"
        rows="3"
        maxlength="${RSVP_LIMITS.comment}"
        ${invalid('comment')}
      >
${v.comment}</textarea>
      ${error('comment')}
      <button type="submit">${t.submit}</button>
    </form>`;
}

/** GET /r/TOKEN: the meeting and the form with the earlier answer (or the link's ?svar=) chosen. */
export function rsvpPage(page: RsvpPageState, errors?: Partial<Record<RsvpField, string>>): string {
  const t = T[page.language];
  const lang: Lang = page.language;
  if (page.closed) return closedPage(page);
  return publicPage(
    t.title,
    html`<p>${t.greeting(page.firstName)}</p>
      ${meetingFacts(page)} ${page.state !== 'invited' ? currentState(page) : ''} ${form(page, errors)}`,
    lang,
  );
}

/** The meeting no longer takes answers (cancelled, held, deadline passed, begun): said so, no form. */
export function closedPage(page: RsvpPageState): string {
  const t = T[page.language];
  return publicPage(
    t.title,
    html`${meetingFacts(page)}
      <p><strong>${t.closed[page.closed ?? 'deadline_passed']}</strong></p>
      ${currentState(page)}`,
    page.language,
  );
}

/** The receipt after a saved answer, with the way back to change it. */
export function savedPage(page: RsvpPageState, result: AnswerResult): string {
  const t = T[page.language];
  return publicPage(
    t.thanks,
    html`<h1>${t.thanks}</h1>
      <p>
        <strong>${t.states[result.state]}</strong>
        ${result.waitlistPosition ? t.position(result.waitlistPosition) : ''}
      </p>
      ${result.state === 'yes' ? html`<p>${t.confirmationComing}</p>` : ''} ${meetingFacts(page, 2)}
      <p><a class="action" href="">${t.change}</a></p>`,
    page.language,
  );
}
