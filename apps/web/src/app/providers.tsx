import {
  createTheme,
  MantineProvider,
  Modal,
  mergeThemeOverrides,
  Notification,
  Table,
  type CSSVariablesResolver,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiClient } from '../api/client';
import { ApiProvider } from '../api/context';
import { ApiError } from '../api/errors';

export const theme = createTheme({
  primaryColor: 'blue',
  // A focus ring whenever the keyboard moves focus (and never hidden), for keyboard users.
  focusRing: 'auto',
  defaultRadius: 'sm',
  // Mantine's default shade (6) gives white text on blue 3.5:1 and links on a striped row 3.4:1; shade 8 passes
  // WCAG AA's 4.5:1 (axe-core in test/browser/staff-journey.e2e-spec.ts).
  primaryShade: { light: 8, dark: 8 },
  components: {
    // A table wider than a phone scrolls sideways: its scroll area takes keyboard focus, so arrows can scroll it.
    TableScrollContainer: Table.ScrollContainer.extend({
      defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } },
    }),
  },
});

/**
 * Dimmed text (hints, dates) in gray 7: Mantine's gray 6 is 3.3:1 on white, below AA. A field's error (its text
 * and the message under it) in red 9: Mantine's red 6 is 3.3:1 (axe-core in test/browser/settings-reports).
 */
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A refusal (4xx) will not change by asking again; a lost connection may.
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400),
      },
    },
  });
}

export function AppProviders({
  children,
  client = api,
  queryClient,
}: {
  children: ReactNode;
  client?: ApiClient;
  queryClient: QueryClient;
}) {
  const { t } = useTranslation();
  // A notification's close button is an icon: it gets its name in the staff member's language.
  const closeLabel = t('import.closeNotification');
  // A dialog's close button is an icon too.
  const closeDialogLabel = t('app.closeDialog');
  const themed = useMemo(
    () =>
      mergeThemeOverrides(
        theme,
        createTheme({
          components: {
            Notification: Notification.extend({
              defaultProps: { closeButtonProps: { 'aria-label': closeLabel } },
            }),
            Modal: Modal.extend({
              defaultProps: { closeButtonProps: { 'aria-label': closeDialogLabel } },
            }),
          },
        }),
      ),
    [closeLabel, closeDialogLabel],
  );
  return (
    <MantineProvider theme={themed} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={client}>{children}</ApiProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
