import { Alert, Button, Group, Paper, Progress, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { useLists } from '../../lib/queries';
import type { ContactRow } from './ContactsPage';

/** The API takes at most this many contacts per POST /api/lists/:id/members (MAX_MEMBERS_PER_REQUEST). */
const MEMBERS_PER_REQUEST = 10_000;
/** Tagging is one PATCH per contact (the API has no bulk tag yet): a few at a time, with progress. */
const TAG_CONCURRENCY = 4;

/** What can be done with the rows chosen in the contacts table: add them to a list, give them a tag. */
export function BulkActions({
  selected,
  onClear,
  onTagged,
}: {
  selected: ContactRow[];
  onClear: () => void;
  onTagged: (updated: ContactRow[]) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const lists = useLists();
  const [listId, setListId] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const addToList = useMutation({
    mutationFn: async (id: string) => {
      const ids = selected.map((c) => c.id);
      let added = 0;
      let memberCount = 0;
      for (let i = 0; i < ids.length; i += MEMBERS_PER_REQUEST) {
        const result = await unwrap(
          api.POST('/api/lists/{id}/members', {
            params: { path: { id } },
            body: { contactIds: ids.slice(i, i + MEMBERS_PER_REQUEST) },
          }),
        );
        added += result.added;
        memberCount = result.memberCount;
      }
      return { added, memberCount };
    },
    onSuccess: ({ added, memberCount }) => {
      notifications.show({
        color: 'green',
        message: t('contacts.bulk.addedToList', { added, total: memberCount }),
      });
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
    },
  });

  const addTag = useMutation({
    mutationFn: async (newTag: string) => {
      const todo = selected.filter((c) => !c.tags.includes(newTag));
      const updated: ContactRow[] = [];
      const failures: unknown[] = [];
      let done = selected.length - todo.length;
      setProgress({ done, total: selected.length });
      let next = 0;
      const worker = async () => {
        while (next < todo.length) {
          const contact = todo[next++];
          try {
            updated.push(
              await unwrap(
                api.PATCH('/api/contacts/{id}', {
                  params: { path: { id: contact.id } },
                  body: { tags: [...contact.tags, newTag] },
                }),
              ),
            );
          } catch (err) {
            failures.push(err);
          }
          done += 1;
          setProgress({ done, total: selected.length });
        }
      };
      await Promise.all(Array.from({ length: Math.min(TAG_CONCURRENCY, todo.length) }, worker));
      return { updated, failures, tagged: selected.length - failures.length };
    },
    onSuccess: ({ updated, failures, tagged }) => {
      onTagged(updated);
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      if (failures.length === 0) {
        notifications.show({ color: 'green', message: t('contacts.bulk.tagged', { count: tagged }) });
        setTag('');
      }
    },
    onSettled: () => setProgress(null),
  });

  const tagFailures = addTag.data?.failures ?? [];
  const listOptions = (lists.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }));

  return (
    <Paper
      withBorder
      p="sm"
      bg="var(--mantine-color-blue-light)"
      aria-label={t('contacts.selected', { count: selected.length })}
      component="section"
    >
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{t('contacts.selected', { count: selected.length })}</Text>
          <Button variant="subtle" size="xs" onClick={onClear}>
            {t('contacts.clearSelection')}
          </Button>
        </Group>
        <Group align="flex-end" gap="sm">
          <Select
            label={t('contacts.bulk.list')}
            placeholder={t('contacts.bulk.chooseList')}
            data={listOptions}
            value={listId}
            onChange={setListId}
            searchable
            w={240}
            error={addToList.isError ? errorMessage(addToList.error) : undefined}
          />
          <Button
            disabled={!listId}
            loading={addToList.isPending}
            onClick={() => listId && addToList.mutate(listId)}
          >
            {t('contacts.bulk.addToList')}
          </Button>
          <TextInput
            label={t('contacts.bulk.tagToAdd')}
            value={tag}
            onChange={(e) => setTag(e.currentTarget.value)}
            w={200}
            error={
              tagFailures.length > 0
                ? t('contacts.bulk.tagFailed', {
                    count: tagFailures.length,
                    message: errorMessage(tagFailures[0]),
                  })
                : undefined
            }
          />
          <Button disabled={!tag.trim()} loading={addTag.isPending} onClick={() => addTag.mutate(tag.trim())}>
            {t('contacts.bulk.addTag')}
          </Button>
        </Group>
        {progress && (
          <Stack gap={4}>
            <Text size="sm" aria-live="polite">
              {t('contacts.bulk.tagging', { done: progress.done, total: progress.total })}
            </Text>
            <Progress
              value={(100 * progress.done) / Math.max(1, progress.total)}
              aria-label={t('contacts.bulk.tagging', { done: progress.done, total: progress.total })}
            />
          </Stack>
        )}
        {addTag.isError && (
          <Alert color="red" role="alert">
            {errorMessage(addTag.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
