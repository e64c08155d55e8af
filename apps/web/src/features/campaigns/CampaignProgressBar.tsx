import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { doneOf, percentDone } from '../../lib/progress';
import type { CampaignProgress, CampaignStatus } from './wizard';

/** The colour of the badge's dot; its text stays the page's own (a light badge's coloured text is below AA). */
const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'gray',
  scheduled: 'violet',
  sending: 'blue',
  paused: 'orange',
  sent: 'green',
  cancelled: 'gray',
};

export function StatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="dot" color={STATUS_COLORS[status]}>
      {t(`campaigns.status.${status}`)}
    </Badge>
  );
}

/**
 * How far a campaign has come: a bar (role progressbar, its value the whole percent handled) and "12 av 40
 * behandlade (30 %)"; not compact, also sent / waiting / suppressed / failed / uncertain. `label` names the
 * campaign for screen readers where several bars are on one page.
 */
export function CampaignProgressBar({
  progress,
  compact = false,
  label,
}: {
  progress: CampaignProgress;
  compact?: boolean;
  label?: string;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const c = progress.counts;
  const done = doneOf(progress);
  const percent = percentDone(progress);
  const text = t('campaigns.progress', { done: n(done), total: n(progress.total), percent });
  const failed = c.failed_permanent + c.failed_temporary;
  return (
    <Stack gap={4}>
      <Progress
        value={percent}
        size={compact ? 'md' : 'xl'}
        color={progress.status === 'paused' ? 'orange' : progress.status === 'sent' ? 'green' : undefined}
        animated={progress.status === 'sending'}
        aria-label={label ? `${label}: ${text}` : text}
      />
      <Text size="sm" aria-live={compact ? undefined : 'polite'}>
        {text}
      </Text>
      {!compact && (
        <Group gap="md">
          <Text size="sm">{t('campaigns.counts.sent', { count: n(c.sent) })}</Text>
          <Text size="sm">{t('campaigns.counts.waiting', { count: n(c.pending + c.sending) })}</Text>
          <Text size="sm">{t('campaigns.counts.suppressed', { count: n(c.suppressed + c.withdrawn) })}</Text>
          <Text size="sm" c={failed > 0 ? 'red' : undefined}>
            {t('campaigns.counts.failed', { count: n(failed) })}
          </Text>
          <Text size="sm" c={c.uncertain > 0 ? 'orange' : undefined}>
            {t('campaigns.counts.uncertain', { count: n(c.uncertain) })}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
