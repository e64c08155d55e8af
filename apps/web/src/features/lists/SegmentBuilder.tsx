import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatNumber } from '../../lib/format';
import { useLists, useRegions } from '../../lib/queries';
import { CONTACT_LANGUAGES, CONTACT_ROLES, fullName, ORGANIZATION_KINDS } from '../../lib/vocabulary';
import { useCan } from '../auth/session';
import { EMPTY_FILTER, fromFilter, toFilter, type FilterValues } from './segment-filter';

type Segment = Schemas['SegmentWithCountDto'];
/** How many of the matching contacts the builder names under the count. */
const SAMPLE_SIZE = 5;

/** /listor/segment/ny and /listor/segment/:id: the builder, empty or with a saved segment. */
export function SegmentPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const segment = useQuery({
    queryKey: ['segment', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/segments/{id}', { params: { path: { id: id! } }, signal })),
    enabled: !!id && id !== 'ny',
  });
  const isNew = !id || id === 'ny';
  return (
    <Stack>
      <Anchor component={Link} to="/listor?flik=segment" size="sm">
        {t('segments.back')}
      </Anchor>
      {segment.isError && (
        <Alert color="red" role="alert">
          {errorMessage(segment.error)}
        </Alert>
      )}
      {isNew ? (
        <SegmentBuilder key="ny" />
      ) : segment.data ? (
        <SegmentBuilder key={segment.data.id} segment={segment.data} />
      ) : (
        !segment.isError && <Skeleton height={300} />
      )}
    </Stack>
  );
}

/**
 * The filters of a segment, with the number of contacts they match now, asked again (debounced) as they change,
 * and a few of their names. Saving keeps the filter, not the people: a segment is counted anew when used.
 */
export function SegmentBuilder({ segment }: { segment?: Segment }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canEdit = useCan('editor');
  const regions = useRegions();
  const lists = useLists();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [values, setValues] = useState<FilterValues>(() =>
    segment ? fromFilter(segment.filter) : EMPTY_FILTER,
  );
  const set = <K extends keyof FilterValues>(key: K, value: FilterValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  // Fields the builder does not show (a free-text q, an organisation) are kept as they were saved.
  const kept = { ...(segment?.filter ?? {}) };
  for (const key of Object.keys(EMPTY_FILTER)) delete (kept as Record<string, unknown>)[key];
  const filter = { ...kept, ...toFilter(values) };
  const [debounced] = useDebouncedValue(JSON.stringify(filter), 400);

  const preview = useQuery({
    queryKey: ['segment-preview', debounced],
    queryFn: ({ signal }) =>
      unwrap(
        api.POST('/api/segments/preview', {
          body: { filter: JSON.parse(debounced) as Schemas['ContactFilterDto'], limit: SAMPLE_SIZE },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const settling = debounced !== JSON.stringify(filter) || preview.isFetching;

  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), description: description.trim() || null, filter };
      return segment
        ? unwrap(api.PATCH('/api/segments/{id}', { params: { path: { id: segment.id } }, body }))
        : unwrap(api.POST('/api/segments', { body }));
    },
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('segments.saved', { name: saved.name }) });
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
      void queryClient.invalidateQueries({ queryKey: ['segment', saved.id] });
      if (!segment) void navigate(`/listor/segment/${saved.id}`, { replace: true });
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const nameError = error?.field('name');
  const descriptionError = error?.field('description');
  const filterError = error?.field('filter');
  const formError =
    save.isError && !nameError && !descriptionError && !filterError ? errorMessage(save.error) : null;

  const lang = i18n.language;
  const option = (value: string, label: string) => ({ value, label });
  const any = t('segments.any');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1}>{segment ? segment.name : t('segments.newTitle')}</Title>
        <Paper withBorder p="md" component="section" aria-labelledby="villkor">
          <Stack gap="sm">
            <Title order={2} size="h4" id="villkor">
              {t('segments.filters')}
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
              <Select
                label={t('segments.organizationKind')}
                placeholder={any}
                data={ORGANIZATION_KINDS.map((k) => option(k, t(`organizations.kinds.${k}`)))}
                value={values.organizationKind}
                onChange={(v) => set('organizationKind', v)}
                clearable
              />
              <Select
                label={t('segments.region')}
                placeholder={any}
                data={(regions.data?.items ?? []).map((r) => option(String(r.id), r.name))}
                value={values.regionId}
                onChange={(v) => set('regionId', v)}
                searchable
                clearable
              />
              <Select
                label={t('segments.role')}
                placeholder={any}
                data={CONTACT_ROLES.map((r) => option(r, t(`contacts.roles.${r}`)))}
                value={values.role}
                onChange={(v) => set('role', v)}
                clearable
              />
              <TextInput
                label={t('segments.tag')}
                placeholder={any}
                value={values.tag}
                onChange={(e) => set('tag', e.currentTarget.value)}
              />
              <Select
                label={t('segments.language')}
                placeholder={any}
                data={CONTACT_LANGUAGES.map((l) => option(l, t(`contacts.languages.${l}`)))}
                value={values.language}
                onChange={(v) => set('language', v)}
                clearable
              />
              <Select
                label={t('segments.elected')}
                placeholder={any}
                data={[option('yes', t('segments.electedYes')), option('no', t('segments.electedNo'))]}
                value={values.elected}
                onChange={(v) => set('elected', v as FilterValues['elected'])}
                clearable
              />
              <Select
                label={t('segments.list')}
                placeholder={any}
                data={(lists.data?.items ?? []).map((l) => option(l.id, l.name))}
                value={values.listId}
                onChange={(v) => set('listId', v)}
                searchable
                clearable
              />
            </SimpleGrid>
            {filterError && (
              <Alert color="red" role="alert">
                {filterError}
              </Alert>
            )}
            <Group gap="sm">
              <Button variant="subtle" onClick={() => setValues(EMPTY_FILTER)}>
                {t('segments.clear')}
              </Button>
            </Group>
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="traffar" aria-busy={settling}>
          <Stack gap="xs">
            <Title order={2} size="h4" id="traffar">
              {t('segments.matches')}
            </Title>
            {preview.isError ? (
              <Alert color="red" role="alert">
                {errorMessage(preview.error)}
              </Alert>
            ) : preview.data ? (
              <>
                <Text
                  size="xl"
                  fw={700}
                  aria-live="polite"
                  data-testid="segment-count"
                  c={settling ? 'dimmed' : undefined}
                >
                  {t('segments.count', {
                    count: preview.data.total,
                    formatted: formatNumber(preview.data.total, lang),
                  })}
                </Text>
                {preview.data.items.length > 0 && (
                  <List size="sm">
                    {preview.data.items.map((c) => (
                      <List.Item key={c.id}>
                        {fullName(c) || c.email}
                        {c.organization ? ` (${c.organization.name})` : ''}
                      </List.Item>
                    ))}
                    {preview.data.total > preview.data.items.length && (
                      <List.Item>
                        {t('segments.andMore', {
                          count: preview.data.total - preview.data.items.length,
                          formatted: formatNumber(preview.data.total - preview.data.items.length, lang),
                        })}
                      </List.Item>
                    )}
                  </List>
                )}
              </>
            ) : (
              <Skeleton height={28} width={200} />
            )}
          </Stack>
        </Paper>

        {canEdit && (
          <Paper withBorder p="md" component="section" aria-labelledby="spara">
            <Stack gap="sm">
              <Title order={2} size="h4" id="spara">
                {t('segments.saveTitle')}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('segments.name')}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  error={nameError}
                  required
                />
                <Textarea
                  label={t('segments.description')}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  error={descriptionError}
                  autosize
                  minRows={1}
                />
              </SimpleGrid>
              {formError && (
                <Alert color="red" role="alert">
                  {formError}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                  {segment ? t('segments.saveChanges') : t('segments.save')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        )}
      </Stack>
    </form>
  );
}
