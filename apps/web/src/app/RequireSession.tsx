import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api/errors';
import { loginPathFor, useSession } from '../features/auth/session';
import { Shell } from './Shell';

/** The shell for a logged-in staff member; the login page, remembering where they were going, otherwise. */
export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageLoader />;
  // A failed refetch keeps the user it had: a phone whose network comes and goes stays on its page.
  if (session.isError && !session.data)
    return (
      <Center mih="100vh" p="md">
        <Alert color="red" role="alert" maw={480}>
          <Stack>
            <Text>{errorMessage(session.error)}</Text>
            <Button onClick={() => void session.refetch()}>{t('app.reload')}</Button>
          </Stack>
        </Alert>
      </Center>
    );
  if (!session.data) return <Navigate to={loginPathFor(location)} replace />;
  return <Shell user={session.data} />;
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader />
        <Text size="sm" c="dimmed">
          {t('app.loading')}
        </Text>
      </Stack>
    </Center>
  );
}
