import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';

/**
 * Keyset paging as the API does it: the cursors of the pages seen so far, so "previous" goes back exactly and
 * "next" hands the API the last page's nextCursor. A new filter (resetKey) starts again at page one.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: resetKey,
    cursors: [undefined],
  });
  // Derived during render (no effect): the filter changed, so the stack of cursors starts over.
  const cursors = state.key === resetKey ? state.cursors : [undefined];
  if (state.key !== resetKey) setState({ key: resetKey, cursors });
  const page = cursors.length;
  return {
    cursor: cursors[cursors.length - 1],
    page,
    next: (nextCursor: string) => setState({ key: resetKey, cursors: [...cursors, nextCursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
  };
}

/** "ca 100 000" when the API estimated the count, the exact count otherwise. */
export function TotalText({ total, estimate }: { total: number; estimate: boolean }) {
  const { t, i18n } = useTranslation();
  const count = formatNumber(total, i18n.language);
  return (
    <Text size="sm">{estimate ? t('paging.totalEstimate', { count }) : t('paging.total', { count })}</Text>
  );
}

export function Pager({
  page,
  nextCursor,
  onNext,
  onPrevious,
  total,
  totalIsEstimate,
}: {
  page: number;
  nextCursor: string | null | undefined;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  total?: number;
  totalIsEstimate?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt="sm">
      {total !== undefined ? <TotalText total={total} estimate={!!totalIsEstimate} /> : <span />}
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={page <= 1} onClick={onPrevious}>
          {t('paging.previous')}
        </Button>
        <Text size="sm" aria-live="polite">
          {t('paging.page', { page })}
        </Text>
        <Button
          variant="default"
          size="xs"
          disabled={!nextCursor}
          onClick={() => nextCursor && onNext(nextCursor)}
        >
          {t('paging.next')}
        </Button>
      </Group>
    </Group>
  );
}
