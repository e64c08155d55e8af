import type { BuiltInTemplate } from './built-in-templates';

/** The host request to the regions and its reminder, Swedish with English variants. */
export const HOST_REQUEST_TEMPLATES: BuiltInTemplate[] = [];
