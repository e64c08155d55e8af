import type { TemplateRenderContext } from '@app/mail';

/** What sending and preview know about a recipient: the contact with its organisation and region names. */
export interface RecipientData {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  title: string | null;
  organizationName: string | null;
  organizationShortName: string | null;
  regionName: string | null;
}

export interface RecipientLinks {
  unsubscribeUrl: string;
  viewInBrowserUrl: string;
}

/** The one place that maps recipient data to template variables (TEMPLATE_VARIABLES). */
export function buildRenderContext(data: RecipientData, links: RecipientLinks): TemplateRenderContext {
  return {
    firstName: data.firstName,
    lastName: data.lastName,
    email: data.email,
    title: data.title,
    organization: data.organizationName
      ? { name: data.organizationName, shortName: data.organizationShortName }
      : null,
    region: data.regionName ? { name: data.regionName } : null,
    unsubscribeUrl: links.unsubscribeUrl,
    viewInBrowserUrl: links.viewInBrowserUrl,
  };
}
