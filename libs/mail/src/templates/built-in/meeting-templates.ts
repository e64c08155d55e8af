import { layout, type BuiltInTemplate } from './built-in-templates';

/** When, where and by when, as every meeting message shows them. */
function facts(lang: 'sv' | 'en', withDeadline: boolean): string {
  const t =
    lang === 'sv'
      ? { when: 'När', where: 'Var', deadline: 'Svara senast' }
      : { when: 'When', where: 'Where', deadline: 'Please reply by' };
  return `        <mj-text><strong>${t.when}:</strong> {{meeting.date}} ({{meeting.time}})<br/>
          {{#if meeting.venue}}<strong>${t.where}:</strong> {{meeting.venue}}{{#if meeting.address}}, {{meeting.address}}{{/if}}{{#if meeting.city}}, {{meeting.city}}{{/if}}{{else}}{{#if meeting.city}}<strong>${t.where}:</strong> {{#if meeting.address}}{{meeting.address}}, {{/if}}{{meeting.city}}{{/if}}{{/if}}${
            withDeadline
              ? `{{#if meeting.deadline}}<br/>
          <strong>${t.deadline}:</strong> {{meeting.deadline}}{{/if}}`
              : ''
          }</mj-text>`;
}

/** Ja / Nej / Kanske: each opens the answer page with that answer chosen (nothing is recorded by the click). */
function answerButtons(lang: 'sv' | 'en'): string {
  const [yes, no, maybe] =
    lang === 'sv' ? ['Ja, jag kommer', 'Nej', 'Kanske'] : ['Yes, I will come', 'No', 'Maybe'];
  return `        <mj-button href="{{rsvpYesUrl}}" width="100%">${yes}</mj-button>
        <mj-button href="{{rsvpNoUrl}}" width="100%" background-color="#555555">${no}</mj-button>
        <mj-button href="{{rsvpMaybeUrl}}" width="100%" background-color="#555555">${maybe}</mj-button>`;
}

function title(text: string): string {
  return `        <mj-text font-size="24px" font-weight="700" line-height="1.3">${text}</mj-text>`;
}

const SV_HELLO = `        <mj-text>Hej {{default firstName "du"}},</mj-text>`;
const EN_HELLO = `        <mj-text>Dear {{default firstName "colleague"}},</mj-text>`;
const SV_BYE = `        <mj-text>Med vänliga hälsningar<br/>Förbundets kansli</mj-text>`;
const EN_BYE = `        <mj-text>Kind regards<br/>The federation office</mj-text>`;

/**
 * The meeting messages that ship with the system, Swedish with English variants: invitation, reminder,
 * confirmation, waitlist notice, change notice and cancellation notice. Meetings send the confirmation and
 * notices by these keys (their current version, as staff may have edited them).
 */
export const MEETING_TEMPLATES: BuiltInTemplate[] = [
  {
    key: 'mote-inbjudan',
    purpose: 'invitation',
    name: 'Mötesinbjudan',
    description: 'Inbjudan till ett dialogmöte: tid, plats, sista svarsdag och knapparna Ja / Nej / Kanske.',
    variants: {
      sv: {
        subject: 'Inbjudan: {{meeting.title}} {{meeting.date}}',
        mjml: layout(
          'sv',
          `${title('Välkommen till {{meeting.title}}')}
${SV_HELLO}
        <mj-text>Vi bjuder in {{#if organization.name}}{{organization.name}}{{else}}er{{/if}} till ett samtal om kulturplanen{{#if meeting.region}} i {{meeting.region}}{{/if}}.</mj-text>
${facts('sv', true)}
        {{#if meeting.description}}<mj-text>{{meeting.description}}</mj-text>{{/if}}
        {{#if meeting.agenda}}<mj-text><strong>Program:</strong><br/>{{meeting.agenda}}</mj-text>{{/if}}
        <mj-text><strong>Kommer du?</strong> Välj ett svar, så öppnas svarssidan där du också kan skriva om specialkost och vilka kollegor som följer med.</mj-text>
${answerButtons('sv')}
        <mj-text>Varmt välkommen!<br/>Förbundets kansli</mj-text>`,
        ),
      },
      en: {
        subject: 'Invitation: {{meeting.title}}, {{meeting.date}}',
        mjml: layout(
          'en',
          `${title('Welcome to {{meeting.title}}')}
${EN_HELLO}
        <mj-text>We invite {{#if organization.name}}{{organization.name}}{{else}}you{{/if}} to a conversation about the cultural plan{{#if meeting.region}} of {{meeting.region}}{{/if}}.</mj-text>
${facts('en', true)}
        {{#if meeting.description}}<mj-text>{{meeting.description}}</mj-text>{{/if}}
        {{#if meeting.agenda}}<mj-text><strong>Programme:</strong><br/>{{meeting.agenda}}</mj-text>{{/if}}
        <mj-text><strong>Will you come?</strong> Choose an answer to open the reply page, where you can also tell us about dietary needs and colleagues coming with you.</mj-text>
${answerButtons('en')}
        <mj-text>You are most welcome!<br/>The federation office</mj-text>`,
        ),
      },
    },
  },
  {
    key: 'mote-paminnelse',
    purpose: 'reminder',
    name: 'Påminnelse om möte',
    description: 'Påminnelse till den som inte har svarat, eller inför mötet till den som kommer.',
    variants: {
      sv: {
        subject: 'Påminnelse: {{meeting.title}} {{meeting.date}}',
        mjml: layout(
          'sv',
          `${title('Påminnelse: {{meeting.title}}')}
${SV_HELLO}
        <mj-text>Vi vill påminna om {{meeting.title}}{{#if meeting.region}} i {{meeting.region}}{{/if}}.</mj-text>
${facts('sv', true)}
        <mj-text>Har du inte svarat än? Välj ett svar nedan. Har du redan svarat kan du ändra ditt svar på <a href="{{rsvpUrl}}">svarssidan</a>.</mj-text>
${answerButtons('sv')}
${SV_BYE}`,
        ),
      },
      en: {
        subject: 'Reminder: {{meeting.title}}, {{meeting.date}}',
        mjml: layout(
          'en',
          `${title('Reminder: {{meeting.title}}')}
${EN_HELLO}
        <mj-text>This is a reminder about {{meeting.title}}{{#if meeting.region}} in {{meeting.region}}{{/if}}.</mj-text>
${facts('en', true)}
        <mj-text>Not replied yet? Choose an answer below. If you have replied, you can change your reply on <a href="{{rsvpUrl}}">the reply page</a>.</mj-text>
${answerButtons('en')}
${EN_BYE}`,
        ),
      },
    },
  },
  {
    key: 'mote-bekraftelse',
    purpose: 'confirmation',
    name: 'Bekräftelse av anmälan',
    description: 'Bekräftelse till den som fått en plats (också från väntelistan), med kalenderfil.',
    variants: {
      sv: {
        subject: 'Bekräftelse: {{meeting.title}} {{meeting.date}}',
        mjml: layout(
          'sv',
          `${title('Välkommen till {{meeting.title}}')}
${SV_HELLO}
        <mj-text><strong>{{rsvp.answer}}</strong></mj-text>
${facts('sv', false)}
        <mj-text>Kalenderfilen i brevet lägger in mötet i din kalender. Kan du inte komma, eller vill du ändra något (specialkost, kollegor som följer med), gör det på <a href="{{rsvpUrl}}">svarssidan</a>; då går platsen till någon på väntelistan.</mj-text>
        <mj-button href="{{rsvpUrl}}">Ändra ditt svar</mj-button>
${SV_BYE}`,
        ),
      },
      en: {
        subject: 'Confirmation: {{meeting.title}}, {{meeting.date}}',
        mjml: layout(
          'en',
          `${title('Welcome to {{meeting.title}}')}
${EN_HELLO}
        <mj-text><strong>{{rsvp.answer}}</strong></mj-text>
${facts('en', false)}
        <mj-text>The calendar file in this message adds the meeting to your calendar. If you cannot come, or want to change something (dietary needs, colleagues coming with you), please do so on <a href="{{rsvpUrl}}">the reply page</a>; your place then goes to someone on the waiting list.</mj-text>
        <mj-button href="{{rsvpUrl}}">Change your reply</mj-button>
${EN_BYE}`,
        ),
      },
    },
  },
  {
    key: 'mote-vantelista',
    purpose: 'notice',
    name: 'Besked om väntelista',
    description: 'Till den som svarat ja när mötet var fullt: platsen på väntelistan.',
    variants: {
      sv: {
        subject: 'Väntelista: {{meeting.title}}',
        mjml: layout(
          'sv',
          `${title('Du står på väntelistan')}
${SV_HELLO}
        <mj-text>Tack för att du vill komma till {{meeting.title}}. {{notice.text}}</mj-text>
${facts('sv', false)}
        <mj-text>Kan du inte komma ändå? Säg till på <a href="{{rsvpUrl}}">svarssidan</a>, så går vi vidare i kön.</mj-text>
${SV_BYE}`,
        ),
      },
      en: {
        subject: 'Waiting list: {{meeting.title}}',
        mjml: layout(
          'en',
          `${title('You are on the waiting list')}
${EN_HELLO}
        <mj-text>Thank you for wanting to come to {{meeting.title}}. {{notice.text}}</mj-text>
${facts('en', false)}
        <mj-text>Cannot come after all? Let us know on <a href="{{rsvpUrl}}">the reply page</a> and we will move on in the queue.</mj-text>
${EN_BYE}`,
        ),
      },
    },
  },
  {
    key: 'mote-andring',
    purpose: 'notice',
    name: 'Ändrad tid eller plats',
    description:
      'Till de som kommer, kanske kommer eller väntar: ny tid eller plats, med uppdaterad kalenderfil.',
    variants: {
      sv: {
        subject: 'Ändrat: {{meeting.title}} {{meeting.date}}',
        mjml: layout(
          'sv',
          `${title('Ändring: {{meeting.title}}')}
${SV_HELLO}
        <mj-text>{{notice.text}}</mj-text>
${facts('sv', false)}
        <mj-text>Kalenderfilen i brevet uppdaterar mötet i din kalender. Passar den nya tiden inte? Ändra ditt svar på <a href="{{rsvpUrl}}">svarssidan</a>.</mj-text>
${SV_BYE}`,
        ),
      },
      en: {
        subject: 'Changed: {{meeting.title}}, {{meeting.date}}',
        mjml: layout(
          'en',
          `${title('Change: {{meeting.title}}')}
${EN_HELLO}
        <mj-text>{{notice.text}}</mj-text>
${facts('en', false)}
        <mj-text>The calendar file in this message updates the meeting in your calendar. If the new time does not suit you, please change your reply on <a href="{{rsvpUrl}}">the reply page</a>.</mj-text>
${EN_BYE}`,
        ),
      },
    },
  },
  {
    key: 'mote-installt',
    purpose: 'notice',
    name: 'Inställt möte',
    description:
      'Till de som kommer, kanske kommer eller väntar: mötet är inställt; kalenderfilen tar bort det.',
    variants: {
      sv: {
        subject: 'Inställt: {{meeting.title}} {{meeting.date}}',
        mjml: layout(
          'sv',
          `${title('Inställt: {{meeting.title}}')}
${SV_HELLO}
        <mj-text>{{notice.text}}</mj-text>
        <mj-text><strong>Mötet som är inställt:</strong> {{meeting.title}}, {{meeting.date}}{{#if meeting.city}}, {{meeting.city}}{{/if}}.</mj-text>
        <mj-text>Kalenderfilen i brevet tar bort mötet ur din kalender. Vi hör av oss om ett nytt datum.</mj-text>
${SV_BYE}`,
        ),
      },
      en: {
        subject: 'Cancelled: {{meeting.title}}, {{meeting.date}}',
        mjml: layout(
          'en',
          `${title('Cancelled: {{meeting.title}}')}
${EN_HELLO}
        <mj-text>{{notice.text}}</mj-text>
        <mj-text><strong>The cancelled meeting:</strong> {{meeting.title}}, {{meeting.date}}{{#if meeting.city}}, {{meeting.city}}{{/if}}.</mj-text>
        <mj-text>The calendar file in this message removes the meeting from your calendar. We will be in touch about a new date.</mj-text>
${EN_BYE}`,
        ),
      },
    },
  },
];
