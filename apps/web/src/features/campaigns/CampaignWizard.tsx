import '@mantine/dates/styles.css';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput, DatesProvider, TimeInput } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDate, formatLongDateTime, formatNumber, TIME_ZONE } from '../../lib/format';
import { useLists, useSegments } from '../../lib/queries';
import { useCan } from '../auth/session';
import { AudienceDryRun, useAudienceDryRun } from './AudienceDryRun';
import {
  audienceOf,
  bodyOf,
  draftOf,
  EMPTY_DRAFT,
  fieldErrorsOf,
  isEditable,
  missingIn,
  scheduledAtOf,
  stepOfErrors,
  WIZARD_STEPS,
  withSenderOf,
  type CampaignDraft,
} from './wizard';

/** The version Select's value for "the template's current version when the campaign starts" (null to the API). */
const CURRENT_VERSION = 'aktuell';

/** "Nytt utskick": the wizard, the sender filled in as the last campaign had it. */
export function NewCampaignPage() {
  const { t } = useTranslation();
  const api = useApi();
  const canEdit = useCan('editor');
  const last = useQuery({
    queryKey: ['campaigns', 'latest'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/campaigns', { params: { query: { limit: 1 } }, signal })),
  });
  return (
    <Stack>
      <BackLink />
      <Title order={1}>{t('campaigns.wizard.newTitle')}</Title>
      {!canEdit ? (
        <Alert color="yellow">{t('campaigns.wizard.notAllowed')}</Alert>
      ) : last.isPending ? (
        <Skeleton height={300} />
      ) : (
        <CampaignWizard initial={withSenderOf(EMPTY_DRAFT, last.data?.items[0])} />
      )}
    </Stack>
  );
}

/** A draft or scheduled campaign back in the wizard, to change it, schedule it or start it. */
export function EditCampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const canEdit = useCan('editor');
  const campaign = useQuery({
    queryKey: ['campaign', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id } }, signal })),
  });
  const c = campaign.data;
  return (
    <Stack>
      <BackLink to={`/utskick/${id}`} label={c?.name} />
      <Title order={1}>{c ? t('campaigns.wizard.editTitle', { name: c.name }) : t('campaigns.title')}</Title>
      {campaign.isPending && <Skeleton height={300} />}
      {campaign.isError && (
        <Alert color="red" role="alert">
          {errorMessage(campaign.error)}
        </Alert>
      )}
      {c && !canEdit && <Alert color="yellow">{t('campaigns.wizard.notAllowed')}</Alert>}
      {c && canEdit && !isEditable(c.status) && (
        <Alert color="yellow">
          {t('campaigns.wizard.notEditable', { status: t(`campaigns.status.${c.status}`) })}
        </Alert>
      )}
      {c && canEdit && isEditable(c.status) && <CampaignWizard initial={draftOf(c)} campaignId={c.id} />}
    </Stack>
  );
}

function BackLink({ to = '/utskick', label }: { to?: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={to} size="sm">
      ← {label ?? t('campaigns.back')}
    </Anchor>
  );
}

/** The start went wrong after the campaign was saved: it exists now, as a draft. */
class StartFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('start failed');
  }
}

type Action = 'draft' | 'start' | 'schedule';

/**
 * Nytt utskick, step by step: who (a list or a segment, with the dry run: who gets it and who does not, and
 * why), what (template, version, subject, sender), when (when started, or at a Stockholm time), and a review
 * that saves, schedules or starts it, the start behind a confirmation naming the number of recipients. What is
 * typed stays when the API refuses; its message is shown beside the field, on that field's step.
 */
export function CampaignWizard({ initial, campaignId }: { initial: CampaignDraft; campaignId?: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [draft, setDraft] = useState(initial);
  const [active, setActive] = useState(0);
  const [missing, setMissing] = useState<string[]>([]);
  const [savedId, setSavedId] = useState<string | null>(campaignId ?? null);
  const [confirming, setConfirming] = useState<Action | null>(null);
  const audience = audienceOf(draft);
  const dryRun = useAudienceDryRun(audience);

  const set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setMissing((m) => m.filter((f) => f !== key && !(key.endsWith('Id') && f === 'audience')));
  };

  const save = useMutation({
    mutationFn: async (action: Action) => {
      const body = bodyOf(action === 'draft' ? { ...draft, when: 'now' } : draft);
      let id = savedId;
      if (id) {
        await unwrap(api.PATCH('/api/campaigns/{id}', { params: { path: { id } }, body }));
      } else {
        id = (await unwrap(api.POST('/api/campaigns', { body }))).id;
        setSavedId(id);
      }
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void queryClient.invalidateQueries({ queryKey: ['campaign', id] });
      if (action === 'start') {
        try {
          await unwrap(api.POST('/api/campaigns/{id}/start', { params: { path: { id } } }));
        } catch (err) {
          throw new StartFailed(err);
        }
      }
      return id;
    },
    onSuccess: (id) => {
      setConfirming(null);
      void navigate(`/utskick/${id}`);
    },
    onError: (err) => {
      setConfirming(null);
      const step = stepOfErrors(fieldErrorsOf(err));
      if (step !== null) setActive(step);
    },
  });
  const apiErrors = fieldErrorsOf(save.error);
  const fieldError = (field: string): string | undefined =>
    apiErrors[field] ?? (missing.includes(field) ? t(`campaigns.wizard.missing.${field}`) : undefined);
  const formError =
    save.error instanceof StartFailed
      ? t('campaigns.wizard.savedNotStarted', { message: errorMessage(save.error.cause) })
      : save.isError && stepOfErrors(apiErrors) === null
        ? errorMessage(save.error)
        : null;

  const next = (event?: FormEvent) => {
    event?.preventDefault();
    const gaps = missingIn(active, draft);
    setMissing(gaps);
    if (gaps.length === 0) setActive((a) => Math.min(a + 1, WIZARD_STEPS.length - 1));
  };

  return (
    <Stack>
      {/* On a phone only the numbered circles, and the step's name below them: four labels do not fit. */}
      <Stepper
        active={active}
        onStepClick={(step) => step < active && setActive(step)}
        allowNextStepsSelect={false}
        size="sm"
      >
        {WIZARD_STEPS.map((step, i) => (
          <Stepper.Step
            key={step}
            label={narrow ? undefined : t(`campaigns.wizard.steps.${step}`)}
            description={narrow ? undefined : t(`campaigns.wizard.stepHints.${step}`)}
            // The circle shows the number: the name read aloud begins with it.
            aria-label={narrow ? `${i + 1}. ${t(`campaigns.wizard.steps.${step}`)}` : undefined}
          />
        ))}
      </Stepper>
      {narrow && (
        <Text fw={600} aria-live="polite">
          {t('campaigns.wizard.stepOf', {
            step: active + 1,
            of: WIZARD_STEPS.length,
            name: t(`campaigns.wizard.steps.${WIZARD_STEPS[active]}`),
          })}
        </Text>
      )}
      {formError && (
        <Alert color="red" role="alert">
          {formError}
          {save.error instanceof StartFailed && savedId && (
            <>
              {' '}
              <Anchor component={Link} to={`/utskick/${savedId}`}>
                {t('campaigns.wizard.openSaved')}
              </Anchor>
            </>
          )}
        </Alert>
      )}
      <Paper withBorder p="md">
        <form onSubmit={next} noValidate>
          {active === 0 && (
            <AudienceStep draft={draft} set={set} error={fieldError} dryRun={dryRun} initial={initial} />
          )}
          {active === 1 && <MessageStep draft={draft} set={set} error={fieldError} />}
          {active === 2 && <ScheduleStep draft={draft} set={set} error={fieldError} />}
          {active === 3 && <ReviewStep draft={draft} dryRun={dryRun} />}
          <Group mt="lg" justify="space-between">
            <Button
              variant="default"
              onClick={() => setActive((a) => a - 1)}
              disabled={active === 0 || save.isPending}
            >
              {t('campaigns.wizard.back')}
            </Button>
            {active < WIZARD_STEPS.length - 1 ? (
              <Button type="submit">{t('campaigns.wizard.next')}</Button>
            ) : (
              <Group>
                <Button
                  variant="default"
                  onClick={() => save.mutate('draft')}
                  loading={save.isPending && save.variables === 'draft'}
                  disabled={save.isPending}
                >
                  {t('campaigns.wizard.saveDraft')}
                </Button>
                <Button
                  onClick={() => setConfirming(draft.when === 'later' ? 'schedule' : 'start')}
                  disabled={save.isPending || !dryRun.data}
                >
                  {draft.when === 'later' ? t('campaigns.wizard.schedule') : t('campaigns.wizard.start')}
                </Button>
              </Group>
            )}
          </Group>
        </form>
      </Paper>
      <ConfirmStart
        action={confirming}
        draft={draft}
        recipients={dryRun.data?.included.count ?? 0}
        pending={save.isPending}
        onConfirm={(action) => save.mutate(action)}
        onClose={() => setConfirming(null)}
      />
    </Stack>
  );
}

type Set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => void;
type StepProps = { draft: CampaignDraft; set: Set; error: (field: string) => string | undefined };

function AudienceStep({
  draft,
  set,
  error,
  dryRun,
  initial,
}: StepProps & { dryRun: ReturnType<typeof useAudienceDryRun>; initial: CampaignDraft }) {
  const { t, i18n } = useTranslation();
  const lists = useLists();
  const segments = useSegments();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <Stack>
      <TextInput
        label={t('campaigns.wizard.name')}
        description={t('campaigns.wizard.nameHint')}
        value={draft.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={error('name')}
        required
        maxLength={200}
      />
      <Radio.Group
        label={t('campaigns.wizard.audienceKind')}
        value={draft.audienceType}
        onChange={(v) => set('audienceType', v as CampaignDraft['audienceType'])}
      >
        <Group mt="xs">
          <Radio value="list" label={t('campaigns.wizard.aList')} />
          <Radio value="segment" label={t('campaigns.wizard.aSegment')} />
          {initial.contactIds.length > 0 && (
            <Radio
              value="contacts"
              label={t('campaigns.wizard.theContacts', { n: n(initial.contactIds.length) })}
            />
          )}
        </Group>
      </Radio.Group>
      {draft.audienceType === 'list' && (
        <Select
          label={t('campaigns.wizard.list')}
          placeholder={t('campaigns.wizard.choose')}
          data={(lists.data?.items ?? []).map((l) => ({
            value: l.id,
            label: t('campaigns.wizard.listOption', { name: l.name, n: n(l.memberCount) }),
          }))}
          value={draft.listId}
          onChange={(v) => set('listId', v)}
          searchable
          nothingFoundMessage={t('campaigns.wizard.nothingFound')}
          error={error('audience')}
          required
        />
      )}
      {draft.audienceType === 'segment' && (
        <Select
          label={t('campaigns.wizard.segment')}
          placeholder={t('campaigns.wizard.choose')}
          data={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={draft.segmentId}
          onChange={(v) => set('segmentId', v)}
          searchable
          nothingFoundMessage={t('campaigns.wizard.nothingFound')}
          error={error('audience')}
          required
        />
      )}
      {draft.audienceType === 'contacts' && error('audience') && (
        <Text c="red.8" size="sm">
          {error('audience')}
        </Text>
      )}
      {audienceOf(draft) && (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('campaigns.dryRun.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('campaigns.dryRun.hint')}
          </Text>
          <AudienceDryRun preview={dryRun.data} isPending={dryRun.isPending} error={dryRun.error} />
        </Stack>
      )}
    </Stack>
  );
}

function MessageStep({ draft, set, error }: StepProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/templates', { signal })),
  });
  const templateId = draft.templateId;
  const template = useQuery({
    queryKey: ['template', templateId],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/templates/{id}', { params: { path: { id: templateId! } }, signal })),
    enabled: templateId !== null,
  });
  const newsletters = (templates.data ?? []).filter(
    (x) => x.purpose === 'newsletter' && (!x.archived || x.id === templateId),
  );
  const current = template.data?.currentVersion;
  return (
    <Stack>
      {templates.isError && (
        <Alert color="red" role="alert">
          {errorMessage(templates.error)}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('campaigns.wizard.template')}
          placeholder={t('campaigns.wizard.choose')}
          data={newsletters.map((x) => ({ value: x.id, label: x.name }))}
          value={templateId}
          onChange={(v) => {
            set('templateId', v);
            set('templateVersionId', null);
          }}
          searchable
          nothingFoundMessage={t('campaigns.wizard.nothingFound')}
          error={error('templateId')}
          required
        />
        <Select
          label={t('campaigns.wizard.version')}
          data={[
            {
              value: CURRENT_VERSION,
              label: t('campaigns.wizard.currentVersion', {
                version: template.data?.currentVersionNumber ?? '–',
              }),
            },
            ...(template.data?.versions ?? []).map((v) => ({
              value: v.id,
              label: t('campaigns.wizard.versionOption', {
                version: v.version,
                date: formatDate(v.createdAt, i18n.language),
              }),
            })),
          ]}
          value={draft.templateVersionId ?? CURRENT_VERSION}
          onChange={(v) => set('templateVersionId', !v || v === CURRENT_VERSION ? null : v)}
          disabled={!templateId}
          allowDeselect={false}
          error={error('templateVersionId')}
        />
      </SimpleGrid>
      {template.data?.description && (
        <Text size="sm" c="dimmed">
          {template.data.description}
        </Text>
      )}
      <TextInput
        label={t('campaigns.wizard.subject')}
        description={t('campaigns.wizard.subjectHint', { example: '{{firstName}}' })}
        placeholder={current?.sv.subject}
        value={draft.subject}
        onChange={(e) => set('subject', e.currentTarget.value)}
        error={error('subject')}
        maxLength={500}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('campaigns.wizard.fromName')}
          value={draft.fromName}
          onChange={(e) => set('fromName', e.currentTarget.value)}
          error={error('fromName')}
          required
          maxLength={200}
        />
        <TextInput
          label={t('campaigns.wizard.fromAddress')}
          type="email"
          value={draft.fromAddress}
          onChange={(e) => set('fromAddress', e.currentTarget.value)}
          error={error('fromAddress')}
          required
          maxLength={254}
        />
        <TextInput
          label={t('campaigns.wizard.replyTo')}
          description={t('campaigns.wizard.replyToHint')}
          type="email"
          value={draft.replyTo}
          onChange={(e) => set('replyTo', e.currentTarget.value)}
          error={error('replyTo')}
          maxLength={254}
        />
      </SimpleGrid>
    </Stack>
  );
}

/** "tisdag 14 mars 2027 kl. 09.00" for a Stockholm wall time, or null if it is not one. */
function scheduleText(draft: CampaignDraft, language: string): string | null {
  const wall = scheduledAtOf(draft);
  if (!wall) return null;
  const at = dayjs.tz(wall, TIME_ZONE);
  return at.isValid() ? formatLongDateTime(at.toDate(), language) : null;
}

function ScheduleStep({ draft, set, error }: StepProps) {
  const { t, i18n } = useTranslation();
  const today = dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
  const when = scheduleText(draft, i18n.language);
  return (
    <Stack>
      <Radio.Group
        label={t('campaigns.wizard.when')}
        value={draft.when}
        onChange={(v) => set('when', v as CampaignDraft['when'])}
      >
        <Stack mt="xs" gap="xs">
          <Radio value="now" label={t('campaigns.wizard.whenNow')} />
          <Radio value="later" label={t('campaigns.wizard.whenLater')} />
        </Stack>
      </Radio.Group>
      {draft.when === 'later' && (
        <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'sv', firstDayOfWeek: 1 }}>
          <Group align="flex-start" grow maw={520}>
            <DateInput
              label={t('campaigns.wizard.date')}
              description={t('campaigns.wizard.dateHint')}
              valueFormat="YYYY-MM-DD"
              placeholder="ÅÅÅÅ-MM-DD"
              value={draft.date}
              onChange={(v) => set('date', v)}
              minDate={today}
              error={error('date') ?? error('scheduledAt')}
              required
            />
            <TimeInput
              label={t('campaigns.wizard.time')}
              description={t('campaigns.wizard.timeHint')}
              value={draft.time}
              onChange={(e) => set('time', e.currentTarget.value)}
              error={error('time')}
              required
            />
          </Group>
        </DatesProvider>
      )}
      {draft.when === 'later' && when && (
        <Text size="sm" aria-live="polite">
          {t('campaigns.wizard.sendsAt', { at: when })}
        </Text>
      )}
      <Text size="sm" c="dimmed">
        {draft.when === 'later' ? t('campaigns.wizard.laterHint') : t('campaigns.wizard.nowHint')}
      </Text>
    </Stack>
  );
}

function ReviewStep({
  draft,
  dryRun,
}: {
  draft: CampaignDraft;
  dryRun: ReturnType<typeof useAudienceDryRun>;
}) {
  const { t, i18n } = useTranslation();
  const lists = useLists();
  const segments = useSegments();
  const api = useApi();
  const templates = useQuery({
    queryKey: ['templates'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/templates', { signal })),
  });
  const audienceName =
    draft.audienceType === 'list'
      ? lists.data?.items.find((l) => l.id === draft.listId)?.name
      : draft.audienceType === 'segment'
        ? segments.data?.items.find((s) => s.id === draft.segmentId)?.name
        : t('campaigns.wizard.theContacts', { n: formatNumber(draft.contactIds.length, i18n.language) });
  const templateName = templates.data?.find((x) => x.id === draft.templateId)?.name;
  const when = scheduleText(draft, i18n.language);
  return (
    <Stack>
      <Stack component="dl" gap={6} m={0}>
        <Row label={t('campaigns.wizard.name')}>{draft.name}</Row>
        <Row label={t('campaigns.wizard.audience')}>
          {draft.audienceType === 'segment' ? t('campaigns.wizard.aSegment') : t('campaigns.wizard.aList')}
          {': '}
          {audienceName ?? '…'}
        </Row>
        <Row label={t('campaigns.wizard.template')}>{templateName ?? '…'}</Row>
        <Row label={t('campaigns.wizard.subject')}>
          {draft.subject.trim() || t('campaigns.wizard.templateSubject')}
        </Row>
        <Row label={t('campaigns.wizard.from')}>
          {draft.fromName} &lt;{draft.fromAddress}&gt;
        </Row>
        {draft.replyTo.trim() && <Row label={t('campaigns.wizard.replyTo')}>{draft.replyTo}</Row>}
        <Row label={t('campaigns.wizard.when')}>
          {draft.when === 'later' && when
            ? t('campaigns.wizard.sendsAt', { at: when })
            : t('campaigns.wizard.whenNow')}
        </Row>
      </Stack>
      <Title order={2} size="h4">
        {t('campaigns.dryRun.title')}
      </Title>
      <AudienceDryRun preview={dryRun.data} isPending={dryRun.isPending} error={dryRun.error} />
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text component="dt" size="sm" c="dimmed" w={140} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </Group>
  );
}

/** "Skicka till 40 mottagare nu?": the number is the dry run's, asked again on the review step. */
function ConfirmStart({
  action,
  draft,
  recipients,
  pending,
  onConfirm,
  onClose,
}: {
  action: Action | null;
  draft: CampaignDraft;
  recipients: number;
  pending: boolean;
  onConfirm: (action: Action) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const n = formatNumber(recipients, i18n.language);
  const when = scheduleText(draft, i18n.language);
  return (
    <Modal
      opened={action === 'start' || action === 'schedule'}
      onClose={onClose}
      title={
        action === 'schedule'
          ? t('campaigns.wizard.confirmScheduleTitle')
          : t('campaigns.wizard.confirmStartTitle')
      }
    >
      <Stack>
        <Text>
          {action === 'schedule'
            ? t('campaigns.wizard.confirmSchedule', { count: recipients, n, name: draft.name, at: when })
            : t('campaigns.wizard.confirmStart', { count: recipients, n, name: draft.name })}
        </Text>
        <Group>
          <Button
            onClick={() => action && onConfirm(action)}
            loading={pending}
            disabled={action === 'start' && recipients === 0}
          >
            {action === 'schedule'
              ? t('campaigns.wizard.confirmScheduleButton')
              : t('campaigns.wizard.confirmStartButton', { count: recipients, n })}
          </Button>
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t('campaigns.wizard.notYet')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
