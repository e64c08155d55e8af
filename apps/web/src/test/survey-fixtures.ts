import type { Schemas } from '../api/client';

/** A member survey and its results, as the API answers them: shared by the component tests. */
export const SURVEY_ID = '44444444-4444-4444-8444-444444444444';

export const SURVEY: Schemas['SurveyDto'] = {
  id: SURVEY_ID,
  kind: 'member',
  kindLabel: 'Medlemsenkät',
  meetingId: null,
  titleSv: 'Medlemsenkät 2027',
  titleEn: null,
  introSv: null,
  introEn: null,
  anonymous: true,
  questions: [
    { id: 'q1', kind: 'rating', required: true, text: { sv: 'Hur nöjd är du?', en: null }, choices: [] },
    { id: 'q2', kind: 'text', required: false, text: { sv: 'Något mer?', en: null }, choices: [] },
  ],
  status: 'open',
  statusLabel: 'Öppen',
  closesAt: null,
  closedAt: null,
  responses: 2,
  templateId: null,
  fromName: null,
  fromAddress: null,
  replyTo: null,
  subject: null,
  audience: null,
  mailingId: null,
  sendStatus: null,
  sentAt: null,
  createdAt: '2027-01-01T08:00:00.000Z',
  updatedAt: '2027-01-01T08:00:00.000Z',
};

export const RESULTS: Schemas['SurveyResultsDto'] = {
  survey: {
    id: SURVEY_ID,
    kind: 'member',
    title: SURVEY.titleSv,
    meetingId: null,
    anonymous: true,
    status: 'open',
  },
  sent: 4,
  answered: 2,
  responseRate: 0.5,
  questions: [
    {
      id: 'q1',
      kind: 'rating',
      text: 'Hur nöjd är du?',
      required: true,
      answered: 2,
      average: 4.5,
      distribution: [1, 2, 3, 4, 5].map((v) => ({ value: v, label: String(v), count: v >= 4 ? 1 : 0 })),
      texts: [],
    },
    {
      id: 'q2',
      kind: 'text',
      text: 'Något mer?',
      required: false,
      answered: 1,
      average: null,
      distribution: [],
      texts: ['Mer möten i norr'],
    },
  ],
};
