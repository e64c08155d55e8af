/** Where a region stands in a round, from not asked to meeting held. */
export const HOSTING_STATUSES = [
  'not_asked',
  'asked',
  'interested',
  'agreed',
  'declined',
  'no_answer',
  'meeting_scheduled',
  'meeting_held',
] as const;
export type HostingStatus = (typeof HOSTING_STATUSES)[number];

export const HOSTING_STATUS_LABELS: Record<HostingStatus, string> = {
  not_asked: 'Inte tillfrågad',
  asked: 'Tillfrågad',
  interested: 'Intresserad',
  agreed: 'Vill vara värd',
  declined: 'Avböjt',
  no_answer: 'Inget svar',
  meeting_scheduled: 'Möte planerat',
  meeting_held: 'Möte genomfört',
};

/** The three answers of the host request page. */
export const HOST_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type HostAnswer = (typeof HOST_ANSWERS)[number];

export const HOST_ANSWER_LABELS: Record<HostAnswer, { sv: string; en: string }> = {
  yes: { sv: 'Ja, vi vill vara värd', en: 'Yes, we would like to host' },
  maybe: { sv: 'Kanske – kontakta oss', en: 'Maybe – please contact us' },
  no: { sv: 'Nej, inte den här gången', en: 'No, not this time' },
};

/** The status an answer moves a region to. */
export const STATUS_OF_HOST_ANSWER: Record<HostAnswer, HostingStatus> = {
  yes: 'agreed',
  maybe: 'interested',
  no: 'declined',
};

/** What moved a region's status (kept with every change). */
export const HOSTING_CAUSES = ['request_sent', 'answer', 'staff', 'deadline', 'meeting'] as const;
export type HostingCause = (typeof HOSTING_CAUSES)[number];
