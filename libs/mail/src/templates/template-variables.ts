/**
 * The variables a template may use, with the Swedish description staff see in the editor. Adding a variable
 * here (and filling it in the render context) is all a later feature needs; validation rejects anything else.
 */
export const TEMPLATE_VARIABLES: Record<string, string> = {
  firstName: 'Mottagarens förnamn',
  lastName: 'Mottagarens efternamn',
  email: 'Mottagarens e-postadress',
  title: 'Mottagarens titel',
  'organization.name': 'Organisationens namn',
  'organization.shortName': 'Organisationens kortnamn',
  'region.name': 'Regionens namn',
  unsubscribeUrl: 'Länk för att avsluta prenumerationen',
  viewInBrowserUrl: 'Länk för att läsa brevet i webbläsaren',
};

/** Helpers templates may call: `{{default firstName "du"}}` gives "du" when the first name is empty. */
export const TEMPLATE_HELPERS = ['default'] as const;

export interface TemplateRenderContext {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  title?: string | null;
  organization?: { name?: string | null; shortName?: string | null } | null;
  region?: { name?: string | null } | null;
  unsubscribeUrl?: string;
  viewInBrowserUrl?: string;
}
