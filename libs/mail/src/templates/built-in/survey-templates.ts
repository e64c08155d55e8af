import { layout, type BuiltInTemplate } from './built-in-templates';

/**
 * The survey letter that ships with the system, Swedish with an English variant: the survey's name, a line
 * about the meeting when it is an evaluation (the meeting variables are empty for the annual member survey),
 * and one button to the person's own survey page.
 */
export const SURVEY_TEMPLATES: BuiltInTemplate[] = [
  {
    key: 'enkat',
    purpose: 'survey',
    name: 'Enkät',
    description:
      'Ber mottagaren svara på en enkät (utvärdering efter ett möte eller medlemsenkäten), med en knapp.',
    variants: {
      sv: {
        subject: '{{survey.title}}',
        mjml: layout(
          'sv',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">{{survey.title}}</mj-text>
        <mj-text>Hej {{default firstName "du"}},</mj-text>
        {{#if meeting.title}}<mj-text>Tack för att du kom till {{meeting.title}} {{meeting.date}}. Vi vill gärna veta vad du tyckte, så att nästa möte blir ännu bättre.</mj-text>{{else}}<mj-text>Vi vill gärna veta vad du tycker. Det tar bara några minuter att svara.</mj-text>{{/if}}
        <mj-button href="{{surveyUrl}}" width="100%">Svara på enkäten</mj-button>
        <mj-text>Du kan ändra dina svar med samma länk så länge enkäten är öppen.</mj-text>
        <mj-text>Med vänliga hälsningar<br/>Förbundets kansli</mj-text>`,
        ),
      },
      en: {
        subject: '{{survey.title}}',
        mjml: layout(
          'en',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">{{survey.title}}</mj-text>
        <mj-text>Dear {{default firstName "colleague"}},</mj-text>
        {{#if meeting.title}}<mj-text>Thank you for coming to {{meeting.title}} {{meeting.date}}. We would like to know what you thought, so that the next meeting is even better.</mj-text>{{else}}<mj-text>We would like to know what you think. It only takes a few minutes to answer.</mj-text>{{/if}}
        <mj-button href="{{surveyUrl}}" width="100%">Answer the survey</mj-button>
        <mj-text>You can change your answers with the same link while the survey is open.</mj-text>
        <mj-text>Kind regards<br/>The federation office</mj-text>`,
        ),
      },
    },
  },
];
