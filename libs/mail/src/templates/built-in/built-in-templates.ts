import type { TemplateSource } from '../template-compiler';
import type { MessagePurpose } from '../template-variables';
import { HOST_REQUEST_TEMPLATES } from './host-request-templates';
import { MEETING_TEMPLATES } from './meeting-templates';
import { SURVEY_TEMPLATES } from './survey-templates';

/** Shared look: one readable column, 600 px, system fonts, large tap targets; MJML makes it mobile-friendly. */
export function layout(lang: 'sv' | 'en', body: string): string {
  const footer =
    lang === 'sv'
      ? `Du får det här brevet för att du finns i vårt kontaktregister{{#if organization.name}} som företrädare för {{organization.name}}{{/if}}.<br/>
         <a href="{{viewInBrowserUrl}}" style="color:#555">Läs brevet i webbläsaren</a> · <a href="{{unsubscribeUrl}}" style="color:#555">Avsluta prenumerationen</a>`
      : `You receive this letter because you are in our contact register{{#if organization.name}} as a representative of {{organization.name}}{{/if}}.<br/>
         <a href="{{viewInBrowserUrl}}" style="color:#555">View in your browser</a> · <a href="{{unsubscribeUrl}}" style="color:#555">Unsubscribe</a>`;
  return `<mjml lang="${lang}">
  <mj-head>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#1f2933" />
      <mj-button background-color="#7a1f3d" color="#ffffff" font-size="16px" border-radius="6px" inner-padding="14px 28px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f1ec" width="600px">
    <mj-section padding="24px 0 8px">
      <mj-column>
        <mj-text font-size="14px" color="#7a1f3d" font-weight="600" letter-spacing="1px">KULTURSAMVERKAN</mj-text>
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" border-radius="8px" padding="24px 16px">
      <mj-column>
${body}
      </mj-column>
    </mj-section>
    <mj-section padding="16px 0 32px">
      <mj-column>
        <mj-text font-size="12px" color="#555555" align="center">
          ${footer}
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

export interface BuiltInTemplate {
  key: string;
  /** What it is written for; newsletter when not given. */
  purpose?: MessagePurpose;
  name: string;
  description: string;
  variants: { sv: TemplateSource; en: TemplateSource };
}

export const BUILT_IN_TEMPLATES: BuiltInTemplate[] = [
  {
    key: 'informationsbrev',
    name: 'Informationsbrev',
    description: 'Ett enkelt brev med rubrik, text och en länk.',
    variants: {
      sv: {
        subject: 'Nytt från förbundet',
        mjml: layout(
          'sv',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">Nytt från förbundet</mj-text>
        <mj-text>Hej {{default firstName "du"}},</mj-text>
        <mj-text>Här skriver ni brevets text. Håll stycken korta; många läser i mobilen.</mj-text>
        <mj-text>Med vänliga hälsningar<br/>Förbundets kansli</mj-text>`,
        ),
      },
      en: {
        subject: 'News from the federation',
        mjml: layout(
          'en',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">News from the federation</mj-text>
        <mj-text>Dear {{default firstName "colleague"}},</mj-text>
        <mj-text>Write the letter here. Keep paragraphs short; many people read on their phones.</mj-text>
        <mj-text>Kind regards<br/>The federation office</mj-text>`,
        ),
      },
    },
  },
  {
    key: 'inbjudan',
    name: 'Inbjudan',
    description: 'En inbjudan med tid, plats och en knapp för att svara.',
    variants: {
      sv: {
        subject: 'Inbjudan: dialogmöte om regional kulturpolitik',
        mjml: layout(
          'sv',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">Välkommen till dialogmöte</mj-text>
        <mj-text>Hej {{default firstName "du"}},</mj-text>
        <mj-text>Vi bjuder in {{#if organization.name}}{{organization.name}}{{else}}er{{/if}} till ett samtal om kulturplanen{{#if region.name}} i {{region.name}}{{/if}}.</mj-text>
        <mj-text><strong>När:</strong> datum och tid<br/><strong>Var:</strong> plats och adress</mj-text>
        <mj-button href="{{viewInBrowserUrl}}">Svara på inbjudan</mj-button>
        <mj-text>Varmt välkommen!<br/>Förbundets kansli</mj-text>`,
        ),
      },
      en: {
        subject: 'Invitation: dialogue on regional cultural policy',
        mjml: layout(
          'en',
          `        <mj-text font-size="24px" font-weight="700" line-height="1.3">Welcome to a dialogue meeting</mj-text>
        <mj-text>Dear {{default firstName "colleague"}},</mj-text>
        <mj-text>We invite {{#if organization.name}}{{organization.name}}{{else}}you{{/if}} to a conversation about the cultural plan{{#if region.name}} of {{region.name}}{{/if}}.</mj-text>
        <mj-text><strong>When:</strong> date and time<br/><strong>Where:</strong> venue and address</mj-text>
        <mj-button href="{{viewInBrowserUrl}}">Reply to the invitation</mj-button>
        <mj-text>You are most welcome!<br/>The federation office</mj-text>`,
        ),
      },
    },
  },
  ...HOST_REQUEST_TEMPLATES,
  ...MEETING_TEMPLATES,
  ...SURVEY_TEMPLATES,
];

/**
 * What a new template starts from when staff give it no content: the information letter's Swedish variant
 * (it uses only variables every purpose has).
 */
export function starterTemplate(): TemplateSource {
  const letter = BUILT_IN_TEMPLATES.find((t) => t.key === 'informationsbrev')!;
  return { ...letter.variants.sv };
}
