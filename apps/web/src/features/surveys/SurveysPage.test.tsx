import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes, type FakeCall, type StaffRole } from '../../test/render';
import { RESULTS, SURVEY, SURVEY_ID } from '../../test/survey-fixtures';
import { SurveyPage } from './SurveyPage';
import { SurveysPage } from './SurveysPage';

function render(role: StaffRole, path: string) {
  const api = fakeApi(
    (call: FakeCall) => {
      if (call.path === '/api/surveys' && call.method === 'GET') return { body: { items: [SURVEY] } };
      if (call.path === '/api/surveys' && call.method === 'POST')
        return { status: 201, body: { ...SURVEY, id: SURVEY_ID, responses: 0 } };
      if (call.path === `/api/surveys/${SURVEY_ID}`) return { body: SURVEY };
      if (call.path === `/api/surveys/${SURVEY_ID}/results`) return { body: RESULTS };
      if (call.path === `/api/surveys/${SURVEY_ID}/send`)
        return {
          status: 400,
          body: {
            statusCode: 400,
            code: 'VALIDATION_FAILED',
            message: 'audience: välj vilka listor eller segment enkäten går till',
          },
        };
      if (call.path === '/api/lists' || call.path === '/api/segments')
        return { body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } };
      return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
    },
    { as: role },
  );
  const rendered = renderRoutes(
    [
      { path: '/enkater', element: <SurveysPage /> },
      { path: '/enkater/:id', element: <SurveyPage /> },
    ],
    path,
    api,
  );
  return { ...rendered, calls: api.calls };
}

describe('surveys', () => {
  it('an editor builds a survey with a required rating question and creates it', async () => {
    const { calls, router } = render('editor', '/enkater');
    fireEvent.click(await screen.findByRole('button', { name: 'Ny enkät' }));
    fireEvent.change(screen.getByLabelText(/Namn \(svenska\)/), { target: { value: 'Medlemsenkät 2027' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till fråga' }));
    fireEvent.change(screen.getByLabelText(/Fråga 1 \(svenska\)/), { target: { value: 'Hur nöjd är du?' } });
    fireEvent.click(screen.getByLabelText('Obligatorisk'));
    fireEvent.click(screen.getByRole('button', { name: 'Skapa enkät' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({
      kind: 'member',
      titleSv: 'Medlemsenkät 2027',
      questions: [{ kind: 'rating', required: true, textSv: 'Hur nöjd är du?' }],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/enkater/${SURVEY_ID}`));
  });

  it('shows the results: answered of sent, the average and the free texts', async () => {
    render('viewer', `/enkater/${SURVEY_ID}`);
    expect(await screen.findByRole('heading', { name: 'Medlemsenkät 2027' })).toBeTruthy();
    const rating = await screen.findByRole('region', { name: '1. Hur nöjd är du?' });
    expect(within(rating).getByText(/Medelvärde: 4,5/)).toBeTruthy();
    expect(screen.getByText('Mer möten i norr')).toBeTruthy();
    expect(screen.getByText('50 %')).toBeTruthy();
    // A viewer reads; sending, closing and the files are for editors.
    expect(screen.queryByRole('tab', { name: 'Skicka och stäng' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Excel/ })).toBeNull();
  });

  it('sends through the API and shows its Swedish refusal', async () => {
    const { calls } = render('editor', `/enkater/${SURVEY_ID}`);
    fireEvent.click(await screen.findByRole('tab', { name: 'Skicka och stäng' }));
    fireEvent.change(await screen.findByLabelText(/Avsändarens e-postadress/), {
      target: { value: 'kansli@forbundet.se' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Skicka enkäten' }));
    expect(
      await screen.findByText('audience: välj vilka listor eller segment enkäten går till'),
    ).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      fromName: 'Förbundets kansli',
      fromAddress: 'kansli@forbundet.se',
      audience: { listIds: [], segmentIds: [] },
    });
  });

  it('a viewer sees the list without the button for a new survey', async () => {
    render('viewer', '/enkater');
    expect(await screen.findByRole('link', { name: 'Medlemsenkät 2027' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Ny enkät' })).toBeNull();
  });
});
