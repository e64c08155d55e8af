import { Anchor, AppShell, Burger, Button, Group, NavLink, Progress, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useIsFetching, useIsMutating, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { setUnauthorizedHandler } from '../api/client';
import { useApi } from '../api/context';
import { loginPathFor, rememberSession, SESSION_KEY, type SessionUser } from '../features/auth/session';
import { LanguageSwitch } from './LanguageSwitch';
import { NAVIGATION } from './navigation';

/** The frame of every page after login: header, navigation (a burger on a phone), the page. */
export function Shell({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const api = useApi();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const queryClient = useQueryClient();
  const fetching = useIsFetching();
  const mutating = useIsMutating();
  const busy = navigation.state !== 'idle' || fetching + mutating > 0;

  // A 401 from any request: the session ended (expired, logged out elsewhere). Back to the login, and then here.
  useEffect(() => {
    setUnauthorizedHandler(() => {
      rememberSession(null);
      queryClient.setQueryData(SESSION_KEY, null);
      void navigate(loginPathFor(window.location), { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, queryClient]);

  const logout = async () => {
    await api.POST('/api/auth/logout').catch(() => undefined);
    queryClient.clear();
    rememberSession(null);
    queryClient.setQueryData(SESSION_KEY, null);
    void navigate('/logga-in', { replace: true });
  };

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Anchor href="#innehall" className="skip-link">
          {t('app.skipToContent')}
        </Anchor>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap" gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('app.closeMenu') : t('app.openMenu')}
              aria-expanded={opened}
              aria-controls="huvudmeny"
            />
            {/* On a phone the burger, the language and the logout need the header's width. */}
            <Title order={2} size="h4" visibleFrom="xs">
              {t('app.name')}
            </Title>
          </Group>
          <Group wrap="nowrap" gap="xs">
            <LanguageSwitch />
            <Text size="sm" visibleFrom="md" c="dimmed">
              {t('app.loggedInAs', { name: user.name })}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => void logout()}>
              {t('app.logout')}
            </Button>
          </Group>
        </Group>
        {busy && (
          <Progress
            value={100}
            animated
            size="xs"
            radius={0}
            pos="absolute"
            bottom={0}
            left={0}
            right={0}
            aria-label={t('app.loading')}
          />
        )}
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" id="huvudmeny" aria-label={t('app.navigation')}>
        {NAVIGATION.map((item) => (
          <NavLink
            key={item.path}
            component={RouterNavLink}
            to={item.path}
            end={item.path === '/'}
            label={t(item.label)}
            active={item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="innehall" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
