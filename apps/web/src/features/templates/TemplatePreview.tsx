import { Alert, Box, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export type PreviewWidth = 'desktop' | 'phone';

/** The widths a letter is looked at in: a mail program on a computer, and a phone held upright. */
export const PREVIEW_WIDTHS: Record<PreviewWidth, { width: number; height: number }> = {
  desktop: { width: 640, height: 720 },
  phone: { width: 375, height: 667 },
};

/** Mantine's `sm` breakpoint: below it the app lays itself out for a phone. */
const PHONE_QUERY = '(max-width: 48em)';

export interface PreviewMessage {
  subject: string;
  html: string;
}

/**
 * The letter as it will look, in a sandboxed frame (srcdoc, no scripts, no access to the app), at a computer's or
 * a phone's width. The frame keeps that width and is scaled down to fit a narrower column, so the letter lays
 * itself out as it would there. `stale`: the text now has errors, and this is the last version without them.
 */
export function TemplatePreview({
  message,
  loading,
  stale,
  error,
}: {
  message: PreviewMessage | null;
  loading: boolean;
  stale: boolean;
  error: string | null;
}) {
  const { t } = useTranslation();
  // On a phone, the phone's width first: the computer's would be shrunk to half.
  const [width, setWidth] = useState<PreviewWidth>(() =>
    window.matchMedia(PHONE_QUERY).matches ? 'phone' : 'desktop',
  );
  const { ref, width: available } = useElementSize();
  const size = PREVIEW_WIDTHS[width];
  const scale = available > 0 ? Math.min(1, available / size.width) : 1;

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="center">
        <SegmentedControl
          aria-label={t('templates.preview.widthLabel')}
          value={width}
          onChange={(value) => setWidth(value as PreviewWidth)}
          data={[
            { value: 'desktop', label: t('templates.preview.desktop') },
            { value: 'phone', label: t('templates.preview.phone') },
          ]}
        />
        {loading && <Loader size="xs" aria-label={t('templates.preview.updating')} />}
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {stale && (
        <Text size="sm" c="red.9">
          {t('templates.preview.stale')}
        </Text>
      )}
      {message && (
        <Text size="sm">
          <Text span fw={600}>
            {t('templates.preview.subject')}:
          </Text>{' '}
          <span data-testid="preview-subject">{message.subject}</span>
        </Text>
      )}
      <Box ref={ref} w="100%">
        <Box
          mx="auto"
          style={{
            width: size.width * scale,
            height: size.height * scale,
            overflow: 'hidden',
            border: '1px solid var(--mantine-color-gray-4)',
            borderRadius: 4,
            background: 'var(--mantine-color-gray-0)',
          }}
        >
          {message ? (
            <iframe
              title={t('templates.preview.frameTitle', {
                width: t(`templates.preview.${width}`),
                pixels: size.width,
              })}
              sandbox=""
              srcDoc={message.html}
              data-testid="template-preview"
              data-width={width}
              style={{
                width: size.width,
                height: size.height,
                border: 0,
                background: '#fff',
                transform: `scale(${scale})`,
                transformOrigin: '0 0',
              }}
            />
          ) : (
            <Text p="md" c="dimmed" size="sm">
              {t('templates.preview.empty')}
            </Text>
          )}
        </Box>
      </Box>
      {scale < 1 && (
        <Text size="xs" c="dimmed">
          {t('templates.preview.scaled', { percent: Math.round(scale * 100) })}
        </Text>
      )}
    </Stack>
  );
}
