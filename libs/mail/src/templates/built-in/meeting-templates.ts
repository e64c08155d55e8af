import type { BuiltInTemplate } from './built-in-templates';

/**
 * The meeting messages that ship with the system, Swedish with English variants: invitation, reminder,
 * confirmation, waitlist notice, change notice and cancellation notice.
 */
export const MEETING_TEMPLATES: BuiltInTemplate[] = [];
