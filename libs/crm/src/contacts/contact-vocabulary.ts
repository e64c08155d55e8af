/** The role vocabulary staff choose from (Swedish, as used by regions and member organisations). */
export const CONTACT_ROLES = [
  'kulturchef',
  'kulturdirektör',
  'förvaltningschef',
  'kulturstrateg',
  'kulturutvecklare',
  'handläggare',
  'nämndens ordförande',
  'ledamot',
  'regionråd',
  'medlem',
  'annan',
] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONTACT_LANGUAGES = ['sv', 'en'] as const;
export type ContactLanguage = (typeof CONTACT_LANGUAGES)[number];
