import { Button, Center, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { QueryClient } from '@tanstack/react-query';
import { Link, type RouteObject } from 'react-router';
import { api } from '../api/client';
import { contactsFilterFrom, contactsQuery } from '../features/contacts/contacts-query';
import { PageLoader, RequireSession } from './RequireSession';

/**
 * Every page is its own chunk, loaded when first visited (the entry holds only the shell): the initial JS stays
 * small however many pages, editors and charts later sessions add. A page whose first sight is a big list starts
 * its request in a loader, beside the session check and its own chunk, instead of after both (the loader does
 * not wait for it: the page shows as soon as it can, and finds the request under way in the query cache).
 */
export const createRoutes = (queryClient: QueryClient): RouteObject[] => [
  {
    path: '/logga-in',
    lazy: async () => ({ Component: (await import('../features/auth/LoginPage')).LoginPage }),
    HydrateFallback: PageLoader,
    ErrorBoundary: RouteError,
  },
  {
    path: '/',
    Component: RequireSession,
    HydrateFallback: PageLoader,
    ErrorBoundary: RouteError,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('../features/overview/OverviewPage')).OverviewPage }),
      },
      {
        path: 'kontakter',
        loader: ({ request }) => {
          const filter = contactsFilterFrom(new URL(request.url).searchParams);
          void queryClient.prefetchQuery(contactsQuery(api, filter, undefined));
          return null;
        },
        lazy: async () => ({ Component: (await import('../features/contacts/ContactsPage')).ContactsPage }),
      },
      {
        path: 'kontakter/:id',
        lazy: async () => ({
          Component: (await import('../features/contacts/ContactPage')).ContactPage,
        }),
      },
      {
        path: 'organisationer',
        lazy: async () => ({
          Component: (await import('../features/organizations/OrganizationsPage')).OrganizationsPage,
        }),
      },
      {
        path: 'regioner',
        lazy: async () => ({ Component: (await import('../features/regions/RegionsPage')).RegionsPage }),
      },
      {
        path: 'moten',
        lazy: async () => ({ Component: (await import('../features/meetings/MeetingsPage')).MeetingsPage }),
      },
      {
        path: 'moten/:id',
        lazy: async () => ({ Component: (await import('../features/meetings/MeetingPage')).MeetingPage }),
      },
      {
        path: 'enkater',
        lazy: async () => ({ Component: (await import('../features/surveys/SurveysPage')).SurveysPage }),
      },
      {
        path: 'enkater/:id',
        lazy: async () => ({ Component: (await import('../features/surveys/SurveyPage')).SurveyPage }),
      },
      {
        path: 'incheckning',
        lazy: async () => ({
          Component: (await import('../features/check-in/CheckInMeetingsPage')).CheckInMeetingsPage,
        }),
      },
      {
        path: 'incheckning/:meetingId',
        lazy: async () => ({
          Component: (await import('../features/check-in/CheckInPage')).CheckInPage,
        }),
      },
      {
        path: 'import',
        lazy: async () => ({ Component: (await import('../features/import/ImportPage')).ImportPage }),
      },
      {
        path: 'listor',
        lazy: async () => ({ Component: (await import('../features/lists/ListsPage')).ListsPage }),
      },
      {
        path: 'listor/segment/:id',
        lazy: async () => ({ Component: (await import('../features/lists/SegmentBuilder')).SegmentPage }),
      },
      {
        path: 'listor/:id',
        lazy: async () => ({ Component: (await import('../features/lists/ListPage')).ListPage }),
      },
      {
        path: 'mallar',
        lazy: async () => ({
          Component: (await import('../features/templates/TemplatesPage')).TemplatesPage,
        }),
      },
      {
        path: 'mallar/:id',
        lazy: async () => ({ Component: (await import('../features/templates/TemplatePage')).TemplatePage }),
      },
      {
        path: 'utskick',
        lazy: async () => ({
          Component: (await import('../features/campaigns/CampaignsPage')).CampaignsPage,
        }),
      },
      {
        path: 'utskick/nytt',
        lazy: async () => ({
          Component: (await import('../features/campaigns/CampaignWizard')).NewCampaignPage,
        }),
      },
      {
        path: 'utskick/:id/andra',
        lazy: async () => ({
          Component: (await import('../features/campaigns/CampaignWizard')).EditCampaignPage,
        }),
      },
      {
        path: 'utskick/:id',
        lazy: async () => ({
          Component: (await import('../features/campaigns/CampaignPage')).CampaignPage,
        }),
      },
      {
        path: 'utkorg',
        lazy: async () => ({ Component: (await import('../features/outbox/OutboxPage')).OutboxPage }),
      },
      {
        path: 'utkorg/:id',
        lazy: async () => ({
          Component: (await import('../features/outbox/OutboxMessagePage')).OutboxMessagePage,
        }),
      },
      {
        path: 'svar',
        lazy: async () => ({ Component: (await import('../features/replies/RepliesPage')).RepliesPage }),
      },
      {
        path: 'svar/:id',
        lazy: async () => ({ Component: (await import('../features/replies/ReplyPage')).ReplyPage }),
      },
      {
        path: 'rapporter',
        lazy: async () => ({ Component: (await import('../features/reports/ReportsPage')).ReportsPage }),
      },
      {
        path: 'installningar',
        lazy: async () => ({ Component: (await import('../features/settings/SettingsPage')).SettingsPage }),
      },
      { path: '*', Component: NotFound },
    ],
  },
];

function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start">
      <Text>{t('app.notFound')}</Text>
      <Button component={Link} to="/" variant="light">
        {t('app.toOverview')}
      </Button>
    </Stack>
  );
}

/** A page that failed to load (often a new release replaced its chunk): say so, offer a reload. */
function RouteError() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh" p="md">
      <Stack align="center">
        <Text role="alert">{t('app.pageFailed')}</Text>
        <Button onClick={() => window.location.reload()}>{t('app.reload')}</Button>
      </Stack>
    </Center>
  );
}
