import { layout, type BuiltInTemplate } from './built-in-templates';

/** One big button per answer: each opens the answer page with that answer chosen (opening changes nothing). */
function answerButtons(lang: 'sv' | 'en'): string {
  const labels =
    lang === 'sv'
      ? ['Ja, vi vill vara värd', 'Kanske – kontakta oss', 'Nej, inte den här gången']
      : ['Yes, we would like to host', 'Maybe – please contact us', 'No, not this time'];
  return `        <mj-button href="{{hostYesUrl}}" width="100%">${labels[0]}</mj-button>
        <mj-button href="{{hostMaybeUrl}}" width="100%" background-color="#4a5563">${labels[1]}</mj-button>
        <mj-button href="{{hostNoUrl}}" width="100%" background-color="#4a5563">${labels[2]}</mj-button>`;
}

/** The host request to the regions and its reminder, Swedish with English variants. */
export const HOST_REQUEST_TEMPLATES: BuiltInTemplate[] = [
  {
    key: 'vardforfragan',
    purpose: 'host_request',
    name: 'Förfrågan om värdskap för dialogmöte',
    description: 'Frågar regionen om den vill vara värd för ett dialogmöte, med en knapp för varje svar.',
    variants: {
      sv: {
        subject: 'Förfrågan om värdskap för dialogmöte – {{round.name}}',
        mjml: layout(
          'sv',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">Vill {{#if region.name}}{{region.name}}{{else}}er region{{/if}} vara värd för ett dialogmöte?</mj-text>
        <mj-text>Hej {{default firstName "du"}},</mj-text>
        <mj-text>Inom {{round.name}} bjuder förbundet in till dialogmöten om regional kulturpolitik och kulturplanen, ett i varje region som vill vara värd. Mötet planeras tillsammans med er: ni står för lokalen, vi för inbjudan och innehållet.</mj-text>
        <mj-text>Vill ni vara värd? Svara med en av knapparna{{#if round.deadline}} senast {{round.deadline}}{{/if}}.</mj-text>
${answerButtons('sv')}
        <mj-text>Knapparna öppnar en svarssida där ni också kan lämna en kommentar, förslag på datum och en kontaktperson. Ni kan ändra svaret på <a href="{{responseUrl}}" style="color:#7a1f3d">svarssidan</a>.</mj-text>
        <mj-text>Med vänliga hälsningar<br/>Förbundets kansli</mj-text>`,
        ),
      },
      en: {
        subject: 'Would you host a dialogue meeting? – {{round.name}}',
        mjml: layout(
          'en',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">Would {{#if region.name}}{{region.name}}{{else}}your region{{/if}} like to host a dialogue meeting?</mj-text>
        <mj-text>Dear {{default firstName "colleague"}},</mj-text>
        <mj-text>As part of {{round.name}}, the federation holds dialogue meetings on regional cultural policy and the cultural plan, one in each region that would like to host one. We plan the meeting together: you provide the venue, we take care of the invitation and the programme.</mj-text>
        <mj-text>Would you like to host? Please answer with one of the buttons{{#if round.deadline}} by {{round.deadline}}{{/if}}.</mj-text>
${answerButtons('en')}
        <mj-text>The buttons open an answer page where you can also leave a comment, suggest dates and name a contact person. You can change your answer on the <a href="{{responseUrl}}" style="color:#7a1f3d">answer page</a>.</mj-text>
        <mj-text>Kind regards<br/>The federation office</mj-text>`,
        ),
      },
    },
  },
  {
    key: 'vardforfragan-paminnelse',
    purpose: 'host_request',
    name: 'Påminnelse: förfrågan om värdskap',
    description: 'Påminner den som inte har svarat på förfrågan om värdskap.',
    variants: {
      sv: {
        subject: 'Påminnelse: förfrågan om värdskap för dialogmöte – {{round.name}}',
        mjml: layout(
          'sv',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">En påminnelse om dialogmötet</mj-text>
        <mj-text>Hej {{default firstName "du"}},</mj-text>
        <mj-text>Vi har inte fått något svar på vår fråga om {{#if region.name}}{{region.name}}{{else}}er region{{/if}} vill vara värd för ett dialogmöte inom {{round.name}}. Vi vore tacksamma för ett svar{{#if round.deadline}} senast {{round.deadline}}{{/if}}, även om svaret är nej.</mj-text>
${answerButtons('sv')}
        <mj-text>Har ni redan svarat? Då kan ni bortse från det här brevet. Svaret kan ändras på <a href="{{responseUrl}}" style="color:#7a1f3d">svarssidan</a>.</mj-text>
        <mj-text>Med vänliga hälsningar<br/>Förbundets kansli</mj-text>`,
        ),
      },
      en: {
        subject: 'Reminder: would you host a dialogue meeting? – {{round.name}}',
        mjml: layout(
          'en',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">A reminder about the dialogue meeting</mj-text>
        <mj-text>Dear {{default firstName "colleague"}},</mj-text>
        <mj-text>We have not yet heard whether {{#if region.name}}{{region.name}}{{else}}your region{{/if}} would like to host a dialogue meeting as part of {{round.name}}. We would be grateful for an answer{{#if round.deadline}} by {{round.deadline}}{{/if}}, even if it is no.</mj-text>
${answerButtons('en')}
        <mj-text>Already answered? Then please ignore this letter. You can change your answer on the <a href="{{responseUrl}}" style="color:#7a1f3d">answer page</a>.</mj-text>
        <mj-text>Kind regards<br/>The federation office</mj-text>`,
        ),
      },
    },
  },
];
