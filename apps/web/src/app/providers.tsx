import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, type ApiClient } from '../api/client';
import { ApiProvider } from '../api/context';
import { ApiError } from '../api/errors';

export const theme = createTheme({
  primaryColor: 'blue',
  // A focus ring whenever the keyboard moves focus (and never hidden), for keyboard users.
  focusRing: 'auto',
  defaultRadius: 'sm',
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
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={client}>{children}</ApiProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
