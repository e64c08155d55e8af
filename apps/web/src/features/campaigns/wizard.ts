import type { Schemas } from '../../api/client';
import { ApiError } from '../../api/errors';
import { toWallTime } from '../meetings/meetingTime';

export type Campaign = Schemas['CampaignViewDto'];
export type CampaignDetail = Schemas['CampaignDetailDto'];
export type CampaignStatus = Campaign['status'];
export type CampaignProgress = Schemas['CampaignProgressDto'];
export type RecipientStatus = keyof CampaignProgress['counts'];
export type AudiencePreview = Schemas['AudiencePreviewDto'];
export type ExclusionReason = keyof AudiencePreview['excludedCounts'];
type CampaignBody = Schemas['CreateCampaignDto'];
type AudienceBody = CampaignBody['audience'];

/** The API's vocabularies, typed from its document (a value the API drops fails the type check here). */
export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = [
  'draft',
  'scheduled',
  'sending',
  'paused',
  'sent',
  'cancelled',
];
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'pending',
  'sending',
  'sent',
  'failed_temporary',
  'failed_permanent',
  'suppressed',
  'uncertain',
  'withdrawn',
];
export const EXCLUSION_REASONS: readonly ExclusionReason[] = [
  'no_email',
  'unsubscribed',
  'bounced',
  'complained',
  'suppressed',
  'duplicate_email',
];

/** Before the start a campaign can still be changed, started or deleted. */
export function isEditable(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}

/** What the wizard holds while staff fill it in: the form as typed, not yet the API's shape. */
export interface CampaignDraft {
  name: string;
  audienceType: AudienceBody['type'];
  listId: string | null;
  segmentId: string | null;
  /** Only when the campaign was made with chosen contacts (through the API): kept as it is. */
  contactIds: string[];
  templateId: string | null;
  /** null: the template's current version when the campaign starts. */
  templateVersionId: string | null;
  subject: string;
  fromName: string;
  fromAddress: string;
  replyTo: string;
  when: 'now' | 'later';
  /** YYYY-MM-DD and HH:mm, Stockholm wall time. */
  date: string | null;
  time: string;
}

export const EMPTY_DRAFT: CampaignDraft = {
  name: '',
  audienceType: 'list',
  listId: null,
  segmentId: null,
  contactIds: [],
  templateId: null,
  templateVersionId: null,
  subject: '',
  fromName: '',
  fromAddress: '',
  replyTo: '',
  when: 'now',
  date: null,
  time: '09:00',
};

/** A saved campaign back in the wizard (to change a draft or a scheduled one). */
export function draftOf(c: Campaign): CampaignDraft {
  const wall = toWallTime(c.scheduledAt);
  return {
    name: c.name,
    audienceType: c.audience.type,
    listId: c.audience.listId ?? null,
    segmentId: c.audience.segmentId ?? null,
    contactIds: c.audience.contactIds ?? [],
    templateId: c.templateId,
    templateVersionId: c.templateVersionId,
    subject: c.subject ?? '',
    fromName: c.fromName,
    fromAddress: c.fromAddress,
    replyTo: c.replyTo ?? '',
    when: c.scheduledAt ? 'later' : 'now',
    date: wall ? wall.slice(0, 10) : null,
    time: wall ? wall.slice(11, 16) : EMPTY_DRAFT.time,
  };
}

/** A new campaign's sender as the last one had it: most send from the same office address every time. */
export function withSenderOf(draft: CampaignDraft, last: Campaign | undefined): CampaignDraft {
  if (!last) return draft;
  return { ...draft, fromName: last.fromName, fromAddress: last.fromAddress, replyTo: last.replyTo ?? '' };
}

/** The audience as the API takes it, or null while none is chosen. */
export function audienceOf(draft: CampaignDraft): AudienceBody | null {
  if (draft.audienceType === 'list') return draft.listId ? { type: 'list', listId: draft.listId } : null;
  if (draft.audienceType === 'segment')
    return draft.segmentId ? { type: 'segment', segmentId: draft.segmentId } : null;
  return draft.contactIds.length > 0 ? { type: 'contacts', contactIds: draft.contactIds } : null;
}

/** "2027-03-14T09:30": the time the API reads as Stockholm's, or null for "send when started". */
export function scheduledAtOf(draft: CampaignDraft): string | null {
  if (draft.when === 'now' || !draft.date || !/^\d{2}:\d{2}$/.test(draft.time)) return null;
  return `${draft.date}T${draft.time}`;
}

/** The body of POST /api/campaigns (and of PATCH, which takes the same fields). */
export function bodyOf(draft: CampaignDraft): CampaignBody {
  const audience = audienceOf(draft);
  if (!audience || !draft.templateId) throw new Error('The wizard let an incomplete campaign through');
  return {
    name: draft.name.trim(),
    audience,
    templateId: draft.templateId,
    templateVersionId: draft.templateVersionId,
    subject: draft.subject.trim() || null,
    fromName: draft.fromName.trim(),
    fromAddress: draft.fromAddress.trim(),
    replyTo: draft.replyTo.trim() || null,
    scheduledAt: scheduledAtOf(draft),
  };
}

export const WIZARD_STEPS = ['audience', 'message', 'schedule', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

const STEP_OF_FIELD: Record<string, number> = {
  name: 0,
  audience: 0,
  templateId: 1,
  templateVersionId: 1,
  subject: 1,
  fromName: 1,
  fromAddress: 1,
  replyTo: 1,
  rateLimitPerMinute: 1,
  scheduledAt: 2,
};

/**
 * What the API's refusal says about each field of the wizard: the fields it named (details.field or .fields),
 * a field the message begins with ("fromAddress: …"), and a subject line with template problems.
 */
export function fieldErrorsOf(
  error: unknown,
  fields: readonly string[] = Object.keys(STEP_OF_FIELD),
): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = { ...error.fieldErrors };
  const named = /^([A-Za-z]+)(?:\.[A-Za-z.]+)?: (.*)$/s.exec(error.message);
  if (named && fields.includes(named[1]) && !out[named[1]]) out[named[1]] = named[2];
  const problems = (error.details as { problems?: { part?: string }[] } | undefined)?.problems;
  if (Array.isArray(problems) && problems.some((p) => p.part === 'subject') && !out.subject)
    out.subject = error.message;
  return out;
}

/** The first step that has a field the API refused (where the wizard goes back to), or null. */
export function stepOfErrors(errors: Record<string, string>): number | null {
  const steps = Object.keys(errors)
    .map((f) => STEP_OF_FIELD[f])
    .filter((s): s is number => s !== undefined);
  return steps.length > 0 ? Math.min(...steps) : null;
}

/** The fields of a step that are still missing (the wizard does not go on without them). */
export function missingIn(step: number, draft: CampaignDraft): string[] {
  const missing: string[] = [];
  if (step === 0) {
    if (!draft.name.trim()) missing.push('name');
    if (!audienceOf(draft)) missing.push('audience');
  } else if (step === 1) {
    if (!draft.templateId) missing.push('templateId');
    if (!draft.fromName.trim()) missing.push('fromName');
    if (!draft.fromAddress.trim()) missing.push('fromAddress');
  } else if (step === 2) {
    if (draft.when === 'later') {
      if (!draft.date) missing.push('date');
      if (!/^\d{2}:\d{2}$/.test(draft.time)) missing.push('time');
    }
  }
  return missing;
}
