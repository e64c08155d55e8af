import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes } from '../../test/render';
import { RESULTS, SURVEY, SURVEY_ID } from '../../test/survey-fixtures';
import { MeetingEvaluation } from './MeetingEvaluation';

const MEETING = '99999999-9999-4999-8999-999999999999';

describe("A meeting's evaluation", () => {
  it('shows each evaluation survey of the meeting with its results', async () => {
    const fake = fakeApi(
      (call) => {
        if (call.path === '/api/surveys')
          return {
            body: {
              items: [{ ...SURVEY, kind: 'evaluation', meetingId: MEETING, titleSv: 'Utvärdering Falun' }],
            },
          };
        if (call.path === `/api/surveys/${SURVEY_ID}/results`) return { body: RESULTS };
        return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
      },
      { as: 'viewer' },
    );
    renderRoutes([{ path: '/', element: <MeetingEvaluation meetingId={MEETING} /> }], '/', fake);
    const section = await screen.findByRole('region', { name: 'Utvärdering: Utvärdering Falun' });
    const rating = await within(section).findByRole('region', { name: '1. Hur nöjd är du?' });
    expect(within(rating).getByText(/Medelvärde: 4,5/)).toBeTruthy();
    expect(within(section).getByText('Mer möten i norr')).toBeTruthy();
    const asked = fake.calls.find((c) => c.path === '/api/surveys');
    expect(Object.fromEntries(asked!.query)).toEqual({ meetingId: MEETING, kind: 'evaluation' });
  });

  it('says so when the meeting has none', async () => {
    const fake = fakeApi(() => ({ body: { items: [] } }), { as: 'viewer' });
    renderRoutes([{ path: '/', element: <MeetingEvaluation meetingId={MEETING} /> }], '/', fake);
    expect(await screen.findByText('Ingen utvärdering för mötet än.')).toBeTruthy();
  });
});
