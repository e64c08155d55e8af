/**
 * What a message is for. Every message the system sends has one; a template is written for one, and may use
 * only the variables its purpose declares (so a `{{rsvpUrl}}` cannot slip into a newsletter).
 */
export const MESSAGE_PURPOSES = [
  'newsletter',
  'host_request',
  'invitation',
  'reminder',
  'confirmation',
  'notice',
  'survey',
] as const;
export type MessagePurpose = (typeof MESSAGE_PURPOSES)[number];

export const MESSAGE_PURPOSE_LABELS: Record<MessagePurpose, string> = {
  newsletter: 'Utskick',
  host_request: 'Förfrågan om värdskap',
  invitation: 'Inbjudan',
  reminder: 'Påminnelse',
  confirmation: 'Bekräftelse',
  notice: 'Meddelande',
  survey: 'Enkät',
};

/** Variables about the recipient, in every purpose (filled from the CRM by the sending engine). */
export const RECIPIENT_VARIABLES = {
  firstName: 'Mottagarens förnamn',
  lastName: 'Mottagarens efternamn',
  email: 'Mottagarens e-postadress',
  title: 'Mottagarens titel',
  'organization.name': 'Organisationens namn',
  'organization.shortName': 'Organisationens kortnamn',
  'region.name': 'Regionens namn',
} as const;

/** Links every message carries (List-Unsubscribe uses the first), in every purpose. */
export const MESSAGE_LINK_VARIABLES = {
  unsubscribeUrl: 'Länk för att avsluta prenumerationen',
  viewInBrowserUrl: 'Länk för att läsa brevet i webbläsaren',
} as const;

const MEETING_VARIABLES = {
  'meeting.title': 'Mötets namn',
  'meeting.date': 'Mötets dag och starttid (t.ex. tisdag 14 mars 2017 kl. 18.00)',
  'meeting.time': 'Mötets tid (t.ex. 18.00–20.00)',
  'meeting.venue': 'Lokalen',
  'meeting.address': 'Adressen',
  'meeting.city': 'Orten',
  'meeting.region': 'Värdregionen',
  'meeting.deadline': 'Sista dag att svara (t.ex. fredag 10 mars 2017)',
  'meeting.description': 'Beskrivningen av mötet',
  'meeting.agenda': 'Dagordningen',
} as const;

/** One link per answer (the answer page opens with it chosen), and the page itself. */
const RSVP_LINKS = {
  rsvpUrl: 'Länk till svarssidan',
  rsvpYesUrl: 'Länk: Ja, jag kommer',
  rsvpNoUrl: 'Länk: Nej, jag kan inte',
  rsvpMaybeUrl: 'Länk: Kanske',
} as const;

/**
 * Each purpose's own variables, on top of the recipient and link variables. The feature that sends a purpose
 * fills them (its render source); a template for the purpose is checked against exactly this set.
 */
export const PURPOSE_VARIABLES: Record<MessagePurpose, Record<string, string>> = {
  newsletter: {},
  host_request: {
    'round.name': 'Omgångens namn',
    'round.deadline': 'Sista svarsdag (t.ex. fredag 10 mars 2017)',
    responseUrl: 'Länk till svarssidan',
    hostYesUrl: 'Länk: Ja, vi vill vara värd',
    hostMaybeUrl: 'Länk: Kanske – kontakta oss',
    hostNoUrl: 'Länk: Nej, inte den här gången',
  },
  invitation: { ...MEETING_VARIABLES, ...RSVP_LINKS },
  reminder: { ...MEETING_VARIABLES, ...RSVP_LINKS },
  confirmation: {
    ...MEETING_VARIABLES,
    'rsvp.answer': 'Svaret som bekräftas (t.ex. Du är anmäld)',
    rsvpUrl: 'Länk för att ändra svaret',
  },
  notice: {
    ...MEETING_VARIABLES,
    'notice.text': 'Meddelandets text',
    rsvpUrl: 'Länk till svarssidan',
  },
  survey: { 'survey.title': 'Enkätens namn', surveyUrl: 'Länk till enkäten', ...MEETING_VARIABLES },
};

/** Every variable a template for `purpose` may use, with the Swedish description staff see in the editor. */
export function variablesFor(purpose: MessagePurpose): Record<string, string> {
  return { ...RECIPIENT_VARIABLES, ...MESSAGE_LINK_VARIABLES, ...PURPOSE_VARIABLES[purpose] };
}

/** Helpers templates may call: `{{default firstName "du"}}` gives "du" when the first name is empty. */
export const TEMPLATE_HELPERS = ['default'] as const;

/**
 * The values one message is rendered with: the recipient and link variables above, and the purpose's own
 * (nested objects for dotted names: `meeting.city` is `{ meeting: { city } }`).
 */
export type TemplateRenderContext = Readonly<Record<string, unknown>>;
