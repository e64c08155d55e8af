import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { useCan } from '../features/auth/session';
import { useDownload, type FileAnswer } from './download';

export type FileFormat = 'xlsx' | 'csv';

export interface DownloadableFile {
  /** Tells the files apart (one row each). */
  id: string;
  /** What the file is, in the staff member's language ("Rapporten"). */
  label: string;
  /** The typed client's request for the file in `format`, with `parseAs: 'blob'`. */
  request: (format: FileFormat) => Promise<FileAnswer>;
  /** The name to save under if the API gives none. */
  fallbackName: (format: FileFormat) => string;
}

/**
 * "Ladda ner": a row per file with an Excel and a CSV button. The file is fetched, and saved only when the API
 * gave it; a refusal is shown in Swedish under the row it came from. Exports are editors' and admins' work (the
 * API answers a viewer 403), so a viewer is told so instead of being offered buttons that would fail.
 */
export function FileDownloads({ files, title }: { files: DownloadableFile[]; title?: string }) {
  const { t } = useTranslation();
  const canDownload = useCan('editor');
  const byId = new Map(files.map((f) => [f.id, f]));
  const { download, pendingKey, failedKey, error } = useDownload((key: string) => {
    const [id, format] = key.split(':') as [string, FileFormat];
    const file = byId.get(id)!;
    return { call: file.request(format), name: file.fallbackName(format) };
  });
  const heading = title ?? t('download.title');

  return (
    <Paper withBorder p="sm" component="section" aria-label={heading}>
      <Text fw={600} size="sm" mb="xs">
        {heading}
      </Text>
      {!canDownload ? (
        <Text size="sm" c="dimmed">
          {t('download.editorsOnly')}
        </Text>
      ) : (
        <Stack gap={6}>
          {files.map((file) => (
            <Stack key={file.id} gap={4}>
              {/* The name, then its two buttons together: on a phone they wrap under the name as a pair. */}
              <Group gap="xs" wrap="wrap" align="center">
                <Text size="sm" style={{ flex: '1 1 200px' }} maw={360}>
                  {file.label}
                </Text>
                <Group gap="xs" wrap="nowrap">
                  {(['xlsx', 'csv'] as const).map((format) => {
                    const key = `${file.id}:${format}`;
                    return (
                      <Button
                        key={format}
                        size="sm"
                        variant="light"
                        loading={pendingKey === key}
                        disabled={pendingKey !== undefined && pendingKey !== key}
                        onClick={() => download(key)}
                        aria-label={t('download.as', {
                          file: file.label,
                          format: format === 'xlsx' ? t('download.excel') : t('download.csv'),
                        })}
                      >
                        {format === 'xlsx' ? t('download.excel') : t('download.csv')}
                      </Button>
                    );
                  })}
                </Group>
              </Group>
              {failedKey?.startsWith(`${file.id}:`) && (
                <Alert color="red" role="alert" p="xs">
                  {errorMessage(error)}
                </Alert>
              )}
            </Stack>
          ))}
          <Text size="xs" aria-live="polite">
            {pendingKey
              ? t('download.working', { file: byId.get(pendingKey.split(':')[0])?.label ?? '' })
              : ''}
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
