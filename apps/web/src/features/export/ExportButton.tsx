import { Alert, Button, Group, Menu, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context';
import type { paths } from '../../api/schema';
import { errorMessage } from '../../api/errors';
import { downloadFile } from '../../lib/download';

/** The contact list's filters, as the export takes them. */
export type ContactExportFilter = Omit<
  NonNullable<paths['/api/exports/contacts']['get']['parameters']['query']>,
  'format'
>;
type Format = 'csv' | 'xlsx';

const FILTER_KEYS = [
  'q',
  'organizationId',
  'organizationKind',
  'regionId',
  'role',
  'tag',
  'language',
  'elected',
  'listId',
] as const satisfies readonly (keyof ContactExportFilter)[];

/** Only the filters (the list's sorting and paging mean nothing to an export), without empty ones. */
export function exportQuery(filter: ContactExportFilter): ContactExportFilter {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out as ContactExportFilter;
}

/**
 * "Exportera": the contacts the current filters show, as CSV for Swedish Excel or as XLSX. The file is fetched
 * (the API reads the first rows before it answers, so a refusal is a JSON error shown here beside the button),
 * then handed to the browser as a download; the button says it is working meanwhile.
 */
export function ExportButton({ filter }: { filter: ContactExportFilter }) {
  const { t } = useTranslation();
  const api = useApi();
  const download = useMutation({
    mutationFn: (format: Format) =>
      downloadFile(
        api.GET('/api/exports/contacts', {
          params: { query: { ...exportQuery(filter), format } },
          parseAs: 'blob',
        }),
        `kontakter.${format}`,
      ),
  });
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="light" loading={download.isPending} aria-haspopup="menu">
              {t('export.button')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => download.mutate('csv')}>{t('export.csv')}</Menu.Item>
            <Menu.Item onClick={() => download.mutate('xlsx')}>{t('export.xlsx')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Text size="sm" aria-live="polite">
        {download.isPending ? t('export.working') : ''}
      </Text>
      {download.isError && (
        <Alert color="red" role="alert" maw={420}>
          {errorMessage(download.error)}
        </Alert>
      )}
    </Stack>
  );
}
