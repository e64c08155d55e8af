import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatDate } from '../../lib/format';
import { Pager, useCursorPages } from '../../lib/paging';
import { SESSION_KEY, useSession, type StaffRole } from '../auth/session';
import { StateBadge } from './StateBadge';

type User = Schemas['UserResponseDto'];

export const STAFF_ROLES: readonly StaffRole[] = ['viewer', 'editor', 'admin'];

/**
 * The API's shortest password (MIN_PASSWORD_LENGTH in libs/auth; its OpenAPI document says minLength, and
 * settings.test.tsx checks the two agree). The API also refuses guessable ones and says why, beside the field.
 */
export const MIN_PASSWORD_LENGTH = 10;

const PAGE_SIZE = 100;

/** Användare: every staff account with its role; create one, change a role, deactivate and reactivate. */
export function UsersTab() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const me = useSession().data;
  const pages = useCursorPages('users');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const users = useQuery({
    queryKey: ['users', pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/users', { params: { query: { limit: PAGE_SIZE, cursor: pages.cursor } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = users.data?.items ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm">{t('settings.users.intro')}</Text>
        <Button onClick={() => setCreating(true)}>{t('settings.users.new')}</Button>
      </Group>
      {users.isError && (
        <Alert color="red" role="alert">
          {errorMessage(users.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={760}>
        <Table striped aria-label={t('settings.users.table')} aria-busy={users.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.users.name')}</Table.Th>
              <Table.Th>{t('settings.users.email')}</Table.Th>
              <Table.Th>{t('settings.users.role')}</Table.Th>
              <Table.Th>{t('settings.users.state')}</Table.Th>
              <Table.Th>{t('settings.users.created')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('settings.users.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.isPending && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((user) => {
              const self = user.id === me?.id;
              return (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    {user.name}
                    {self && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({t('settings.users.you')})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>{t(`settings.roles.${user.role}`)}</Table.Td>
                  <Table.Td>
                    <StateBadge tone={user.active ? 'ok' : 'neutral'}>
                      {user.active ? t('settings.users.active') : t('settings.users.inactive')}
                    </StateBadge>
                  </Table.Td>
                  <Table.Td>{formatDate(user.createdAt, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" justify="flex-end">
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setEditing(user)}
                        aria-label={t('settings.users.changeRoleOf', { name: user.name })}
                      >
                        {t('settings.users.changeRole')}
                      </Button>
                      {user.active ? (
                        self ? (
                          <Tooltip label={t('settings.users.notYourself')}>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              data-disabled
                              onClick={(e) => e.preventDefault()}
                              aria-label={t('settings.users.deactivateOf', { name: user.name })}
                              aria-disabled
                            >
                              {t('settings.users.deactivate')}
                            </Button>
                          </Tooltip>
                        ) : (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setDeactivating(user)}
                            aria-label={t('settings.users.deactivateOf', { name: user.name })}
                          >
                            {t('settings.users.deactivate')}
                          </Button>
                        )
                      ) : (
                        <Reactivate user={user} />
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {users.data && (
        <Pager
          page={pages.page}
          nextCursor={users.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={users.data.total}
          totalIsEstimate={users.data.totalIsEstimate}
        />
      )}

      <Modal opened={creating} onClose={() => setCreating(false)} title={t('settings.users.new')}>
        {creating && <CreateUserForm onDone={() => setCreating(false)} />}
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t('settings.users.changeRoleOf', { name: editing.name }) : ''}
      >
        {editing && (
          <ChangeRoleForm
            key={editing.id}
            user={editing}
            self={editing.id === me?.id}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
      <Modal
        opened={deactivating !== null}
        onClose={() => setDeactivating(null)}
        title={deactivating ? t('settings.users.deactivateTitle', { name: deactivating.name }) : ''}
      >
        {deactivating && (
          <Deactivate key={deactivating.id} user={deactivating} onDone={() => setDeactivating(null)} />
        )}
      </Modal>
    </Stack>
  );
}

/** New user: name, e-mail, role and a first password; each refusal beside its field, what was typed stays. */
function CreateUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: '', email: '', role: 'viewer' as StaffRole, password: '' });
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/users', {
          body: {
            name: values.name.trim(),
            email: values.email.trim(),
            role: values.role,
            password: values.password,
          },
        }),
      ),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      notifications.show({
        color: 'green',
        message: t('settings.users.created_', { name: user.name, role: t(`settings.roles.${user.role}`) }),
      });
      onDone();
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const fields = ['name', 'email', 'role', 'password'] as const;
  const formLevel =
    create.isError && !fields.some((f) => error?.field(f)) ? errorMessage(create.error) : null;
  const tooShort = values.password.length > 0 && values.password.length < MIN_PASSWORD_LENGTH;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {formLevel && (
          <Alert color="red" role="alert">
            {formLevel}
          </Alert>
        )}
        <TextInput
          label={t('settings.users.name')}
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={error?.field('name')}
          required
          autoComplete="off"
          data-autofocus
        />
        <TextInput
          label={t('settings.users.email')}
          type="email"
          value={values.email}
          onChange={(e) => set('email', e.currentTarget.value)}
          error={error?.field('email')}
          required
          autoComplete="off"
        />
        <Select
          label={t('settings.users.role')}
          description={t(`settings.roleHints.${values.role}`)}
          data={STAFF_ROLES.map((r) => ({ value: r, label: t(`settings.roles.${r}`) }))}
          value={values.role}
          onChange={(v) => v && set('role', v as StaffRole)}
          allowDeselect={false}
          error={error?.field('role')}
        />
        <PasswordInput
          label={t('settings.users.password')}
          description={t('settings.users.passwordRules', { min: MIN_PASSWORD_LENGTH })}
          value={values.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          error={
            error?.field('password') ??
            (tooShort ? t('settings.users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) : undefined)
          }
          required
          autoComplete="new-password"
        />
        <Group>
          <Button
            type="submit"
            loading={create.isPending}
            disabled={
              !values.name.trim() || !values.email.trim() || values.password.length < MIN_PASSWORD_LENGTH
            }
          >
            {t('settings.users.create')}
          </Button>
          <Button variant="default" onClick={onDone} disabled={create.isPending}>
            {t('settings.users.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * A user's role. Taking away one's own admin role is said in words before it is done (the save button says it
 * too); the API refuses to leave no active administrator, and its message is shown beside the role.
 */
function ChangeRoleForm({ user, self, onDone }: { user: User; self: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [role, setRole] = useState<StaffRole>(user.role);
  const losingAdmin = self && user.role === 'admin' && role !== 'admin';
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: { role } })),
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      notifications.show({
        color: 'green',
        message: t('settings.users.roleChanged', {
          name: updated.name,
          role: t(`settings.roles.${updated.role}`),
        }),
      });
      onDone();
      if (self) {
        // The new role applies at once: the session is asked again, and the admin tabs go.
        void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
        void navigate('/installningar?flik=status', { replace: true });
      }
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('settings.users.roleOf', { name: user.name, email: user.email })}</Text>
        <Select
          label={t('settings.users.role')}
          description={t(`settings.roleHints.${role}`)}
          data={STAFF_ROLES.map((r) => ({ value: r, label: t(`settings.roles.${r}`) }))}
          value={role}
          onChange={(v) => v && setRole(v as StaffRole)}
          allowDeselect={false}
          error={error ? (error.field('role') ?? error.message) : undefined}
          data-autofocus
        />
        {losingAdmin && (
          <Alert color="orange" title={t('settings.users.ownAdminTitle')}>
            {t('settings.users.ownAdminText')}
          </Alert>
        )}
        <Group>
          <Button
            type="submit"
            color={losingAdmin ? 'red' : undefined}
            loading={save.isPending}
            disabled={role === user.role}
          >
            {losingAdmin ? t('settings.users.dropOwnAdmin') : t('settings.users.saveRole')}
          </Button>
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('settings.users.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Deactivation, after a confirmation naming the person: they are logged out and cannot log in again. */
function Deactivate({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const deactivate = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      notifications.show({
        color: 'green',
        message: t('settings.users.deactivated', { name: updated.name }),
      });
      onDone();
    },
  });
  return (
    <Stack>
      <Text size="sm">{t('settings.users.deactivateText', { name: user.name, email: user.email })}</Text>
      {deactivate.isError && (
        <Alert color="red" role="alert">
          {errorMessage(deactivate.error)}
        </Alert>
      )}
      <Group>
        <Button color="red" onClick={() => deactivate.mutate()} loading={deactivate.isPending} data-autofocus>
          {t('settings.users.deactivateConfirm', { name: user.name })}
        </Button>
        <Button variant="default" onClick={onDone} disabled={deactivate.isPending}>
          {t('settings.users.keep')}
        </Button>
      </Group>
    </Stack>
  );
}

/** An inactive account back in use (PATCH active: true); its old sessions stay ended. */
function Reactivate({ user }: { user: User }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const activate = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: { active: true } })),
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      notifications.show({
        color: 'green',
        message: t('settings.users.reactivated', { name: updated.name }),
      });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(err) }),
  });
  return (
    <Button
      size="xs"
      variant="subtle"
      onClick={() => activate.mutate()}
      loading={activate.isPending}
      aria-label={t('settings.users.reactivateOf', { name: user.name })}
    >
      {t('settings.users.reactivate')}
    </Button>
  );
}
