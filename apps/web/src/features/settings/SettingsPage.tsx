import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../auth/session';
import { AuditTab } from './AuditTab';
import { StatusTab } from './StatusTab';
import { UsersTab } from './UsersTab';

/** The tabs as the address names them (?flik=), Swedish like the app's other addresses. */
const TAB_PARAM = { users: 'anvandare', status: 'status', audit: 'granskningslogg' } as const;
type Tab = keyof typeof TAB_PARAM;

/**
 * Inställningar: users and their roles (administrators), the system's status (everyone), the audit log
 * (administrators). A tab the staff member may not use is not shown at all, and its address falls back to Status.
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useCan('admin');
  const [params, setParams] = useSearchParams();
  const tabs: Tab[] = isAdmin ? ['users', 'status', 'audit'] : ['status'];
  const asked = (Object.keys(TAB_PARAM) as Tab[]).find((k) => TAB_PARAM[k] === params.get('flik'));
  const tab: Tab = asked && tabs.includes(asked) ? asked : tabs[0];

  return (
    <Stack>
      <Title order={1}>{t('settings.title')}</Title>
      <Tabs
        value={tab}
        onChange={(value) => value && setParams({ flik: TAB_PARAM[value as Tab] }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`settings.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {isAdmin && (
          <Tabs.Panel value="users" pt="md">
            <UsersTab />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="status" pt="md">
          <StatusTab />
        </Tabs.Panel>
        {isAdmin && (
          <Tabs.Panel value="audit" pt="md">
            <AuditTab />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
