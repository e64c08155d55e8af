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
  'meeting.date': 'Mötets datum (t.ex. tisdag 14 mars 2027)',
  'meeting.time': 'Mötets tid (t.ex. 18.00–20.00)',
  'meeting.city': 'Orten',
  'meeting.venue': 'Lokalen och adressen',
  'meeting.region': 'Värdregionen',
} as const;

/**
 * Each purpose's own variables, on top of the recipient and link variables. The feature that sends a purpose
 * fills them (its render source); a template for the purpose is checked against exactly this set.
 */
export const PURPOSE_VARIABLES: Record<MessagePurpose, Record<string, string>> = {
  newsletter: {},
  host_request: {
    'round.name': 'Omgångens namn',
    'round.deadline': 'Sista svarsdag',
    responseUrl: 'Länk till svarssidan (ja, kanske, nej)',
  },
  invitation: { ...MEETING_VARIABLES, rsvpUrl: 'Länk för att anmäla sig eller tacka nej' },
  reminder: { ...MEETING_VARIABLES, rsvpUrl: 'Länk för att anmäla sig eller tacka nej' },
  confirmation: {
    ...MEETING_VARIABLES,
    'rsvp.answer': 'Svaret som bekräftas',
    rsvpUrl: 'Länk för att ändra svaret',
  },
  notice: { ...MEETING_VARIABLES, 'notice.text': 'Meddelandets text' },
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
