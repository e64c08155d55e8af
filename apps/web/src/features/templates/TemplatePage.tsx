import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  List,
  Modal,
  Paper,
  Skeleton,
  Spoiler,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams, useSearchParams } from 'react-router';
import type { Schemas } from '../../api/client';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { useCan, useSession } from '../auth/session';
import type { MjmlEditorHandle } from './MjmlEditor';
import { useDraftPreview, useSavedPreview, useTemplate, useTemplateVariables } from './queries';
import {
  defaultTestAddress,
  draftsOf,
  problemsFor,
  problemsOfError,
  sameDrafts,
  variableToken,
  withEnglish,
  type TemplateDrafts,
  type TemplateLanguage,
  type TemplateProblem,
  type TemplateVariant,
} from './template-editing';
import { TemplatePreview } from './TemplatePreview';

/** CodeMirror comes with the editor only, in a chunk of its own: the app's first download stays small. */
const MjmlEditor = lazy(() => import('./MjmlEditor'));

type TemplateDetail = Schemas['TemplateDetailDto'];

/** One template: its Swedish and English variants in an MJML editor beside a live preview; saved, test-sent. */
export function TemplatePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const template = useTemplate(id);
  const tpl = template.data;
  return (
    <Stack>
      <Anchor component={Link} to="/mallar" size="sm">
        ← {t('templates.back')}
      </Anchor>
      {template.isPending && <Skeleton height={300} />}
      {template.isError && (
        <Alert color="red" role="alert">
          {errorMessage(template.error)}
        </Alert>
      )}
      {tpl && (
        <>
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={1}>{tpl.name}</Title>
              {tpl.builtInKey && (
                <Badge variant="light" color="gray">
                  {t('templates.builtIn')}
                </Badge>
              )}
            </Group>
            <Text size="sm">
              {t('templates.summary', {
                purpose: t(`templates.purposes.${tpl.purpose}`),
                version: tpl.currentVersionNumber ?? '–',
                updated: formatDateTime(tpl.currentVersion?.createdAt ?? tpl.updatedAt, i18n.language),
              })}
            </Text>
          </Stack>
          <TemplateEditor key={tpl.id} template={tpl} />
        </>
      )}
    </Stack>
  );
}

function TemplateEditor({ template }: { template: TemplateDetail }) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const canEdit = useCan('editor');
  const [params, setParams] = useSearchParams();
  const [saved, setSaved] = useState<TemplateDrafts>(() => draftsOf(template.currentVersion));
  const [drafts, setDrafts] = useState<TemplateDrafts>(saved);
  const dirty = !sameDrafts(drafts, saved);
  const language: TemplateLanguage = params.get('sprak') === 'en' ? 'en' : 'sv';
  const setLanguage = (value: TemplateLanguage) =>
    setParams(value === 'en' ? { sprak: 'en' } : {}, { replace: true });
  const variables = useTemplateVariables(template.purpose);
  const editors = useRef<Partial<Record<TemplateLanguage, MjmlEditorHandle | null>>>({});
  const setEditor = useCallback(
    (handle: MjmlEditorHandle | null) => {
      editors.current[language] = handle;
    },
    [language],
  );

  const save = useMutation({
    mutationFn: (body: TemplateDrafts) =>
      unwrap(api.PATCH('/api/templates/{id}', { params: { path: { id: template.id } }, body })),
    onSuccess: (detail, body) => {
      queryClient.setQueryData(['template', template.id], detail);
      void queryClient.invalidateQueries({ queryKey: ['templates'] });
      setSaved(body);
      notifications.show({
        color: 'green',
        message: t('templates.saved', { version: detail.currentVersionNumber }),
      });
    },
  });
  const saveProblems = problemsOfError(save.error);

  // The live preview of the variant on screen: the unsaved text for editors, the stored version for viewers.
  const variant: TemplateVariant = drafts[language] ?? drafts.sv;
  const showsVariant = language === 'sv' || drafts.en !== null;
  const draftPreview = useDraftPreview(template.purpose, language, variant, canEdit && showsVariant);
  const savedPreview = useSavedPreview(
    template.id,
    template.currentVersionId,
    language,
    !canEdit && showsVariant,
  );
  const live = canEdit ? draftPreview : null;
  const liveProblems = live?.data?.problems ?? null;
  const problemsOf = (lang: TemplateLanguage): TemplateProblem[] =>
    lang === language && liveProblems !== null
      ? liveProblems
      : saveProblems.filter((p) => p.language === lang);
  const [lastGood, setLastGood] = useState<{ key: string; message: Schemas['RenderedMessageDto'] } | null>(
    null,
  );
  const liveMessage = live?.data?.message ?? null;
  // Derived during render: the last letter without errors stays on screen while the text has some.
  if (liveMessage && (lastGood?.key !== language || lastGood.message !== liveMessage))
    setLastGood({ key: language, message: liveMessage });
  const shown = canEdit
    ? (liveMessage ?? (lastGood?.key === language ? lastGood.message : null))
    : (savedPreview.data ?? null);
  const previewQuery = canEdit ? draftPreview : savedPreview;

  // Leaving with unsaved changes asks first: in the app, and when the tab is closed or reloaded.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const update = (lang: TemplateLanguage, patch: Partial<TemplateVariant>) =>
    setDrafts((current) => {
      const base = current[lang];
      if (!base) return current;
      return { ...current, [lang]: { ...base, ...patch } };
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(drafts);
  };

  return (
    <Stack>
      {!canEdit && (
        <Alert color="blue" variant="light">
          {t('templates.readOnly')}
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label={t('templates.editorForm')}>
        <Stack>
          <Tabs value={language} onChange={(value) => setLanguage(value === 'en' ? 'en' : 'sv')}>
            <Tabs.List>
              {(['sv', 'en'] as const).map((lang) => {
                const count = problemsOf(lang).length;
                return (
                  <Tabs.Tab
                    key={lang}
                    value={lang}
                    rightSection={
                      count > 0 ? (
                        <Badge
                          color="red"
                          size="sm"
                          circle
                          aria-label={t('templates.problems.count', { count })}
                        >
                          {count}
                        </Badge>
                      ) : null
                    }
                  >
                    {t(`templates.language.${lang}`)}
                  </Tabs.Tab>
                );
              })}
            </Tabs.List>
          </Tabs>
          {showsVariant ? (
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <VariantEditor
                  key={language}
                  language={language}
                  variant={variant}
                  problems={problemsOf(language)}
                  readOnly={!canEdit}
                  variables={variables.data ?? null}
                  onChange={(patch) => update(language, patch)}
                  editorRef={setEditor}
                  onGoToLine={(line) => editors.current[language]?.goToLine(line)}
                  onInsert={(text) => editors.current[language]?.insert(text)}
                  onRemove={
                    canEdit && language === 'en'
                      ? () => {
                          setDrafts((current) => ({ ...current, en: null }));
                          setLanguage('sv');
                        }
                      : null
                  }
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Paper withBorder p="sm">
                  <Stack gap="xs">
                    <Title order={2} size="h4">
                      {t('templates.preview.title')}
                    </Title>
                    <TemplatePreview
                      message={shown}
                      loading={previewQuery.isFetching}
                      stale={
                        canEdit && liveMessage === null && shown !== null && (liveProblems?.length ?? 0) > 0
                      }
                      error={previewQuery.isError ? errorMessage(previewQuery.error) : null}
                    />
                  </Stack>
                </Paper>
              </Grid.Col>
            </Grid>
          ) : (
            <Paper withBorder p="md">
              <Stack align="flex-start" gap="sm">
                <Text>{t('templates.noEnglish')}</Text>
                {canEdit && (
                  <Button variant="light" onClick={() => setDrafts((current) => withEnglish(current))}>
                    {t('templates.addEnglish')}
                  </Button>
                )}
              </Stack>
            </Paper>
          )}
          {canEdit && (
            <Group align="flex-start" gap="sm">
              <Button type="submit" loading={save.isPending} disabled={!dirty}>
                {t('templates.save')}
              </Button>
              <Text size="sm" pt={8} aria-live="polite">
                {dirty ? t('templates.unsaved') : t('templates.allSaved')}
              </Text>
              {save.isError && (
                <Alert color="red" role="alert" style={{ flex: '1 1 20rem' }}>
                  {saveProblems.length > 0
                    ? t('templates.saveRefused', {
                        languages: [
                          ...new Set(saveProblems.map((p) => t(`templates.language.${p.language}`))),
                        ].join(', '),
                      })
                    : errorMessage(save.error)}
                </Alert>
              )}
            </Group>
          )}
        </Stack>
      </form>
      {canEdit && <TestSend templateId={template.id} language={language} dirty={dirty} />}
      <Modal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        title={t('templates.leave.title')}
      >
        <Stack>
          <Text>{t('templates.leave.text')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => blocker.reset?.()}>
              {t('templates.leave.stay')}
            </Button>
            <Button color="red" onClick={() => blocker.proceed?.()}>
              {t('templates.leave.go')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** One language variant: its subject line, the variables to insert, the MJML editor and its problems by line. */
function VariantEditor({
  language,
  variant,
  problems,
  readOnly,
  variables,
  onChange,
  editorRef,
  onGoToLine,
  onInsert,
  onRemove,
}: {
  language: TemplateLanguage;
  variant: TemplateVariant;
  problems: TemplateProblem[];
  readOnly: boolean;
  variables: Schemas['TemplateVariablesDto'] | null;
  onChange: (patch: Partial<TemplateVariant>) => void;
  editorRef: (handle: MjmlEditorHandle | null) => void;
  onGoToLine: (line: number) => void;
  onInsert: (text: string) => void;
  onRemove: (() => void) | null;
}) {
  const { t } = useTranslation();
  const subjectProblems = problemsFor(problems, language, 'subject');
  const bodyProblems = problemsFor(problems, language, 'body');
  const languageName = t(`templates.language.${language}`);
  const problemsId = `mallfel-${language}`;
  return (
    <Stack gap="sm">
      <TextInput
        label={t('templates.subject')}
        value={variant.subject}
        onChange={(e) => onChange({ subject: e.currentTarget.value })}
        readOnly={readOnly}
        error={subjectProblems.length > 0 ? subjectProblems.map((p) => p.message).join('; ') : undefined}
        maxLength={500}
      />
      {!readOnly && variables && (
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`variabler-${language}`}>
            {t('templates.variables.title')}
          </Text>
          <Spoiler
            maxHeight={64}
            showLabel={t('templates.variables.showAll')}
            hideLabel={t('templates.variables.showFewer')}
          >
            <Group gap={6} role="group" aria-labelledby={`variabler-${language}`}>
              {variables.variables.map((v) => (
                <Tooltip key={v.name} label={v.description} openDelay={300}>
                  <Button
                    variant="light"
                    size="compact-sm"
                    ff="monospace"
                    aria-label={t('templates.variables.insert', { name: v.name, description: v.description })}
                    onClick={() => onInsert(variableToken(v.name))}
                  >
                    {variableToken(v.name)}
                  </Button>
                </Tooltip>
              ))}
            </Group>
          </Spoiler>
          {variables.helpers[0] && (
            <Text size="xs">
              {t('templates.variables.fallback', { example: variables.helpers[0].example })}
            </Text>
          )}
        </Stack>
      )}
      <Suspense fallback={<Skeleton height={448} aria-label={t('templates.editorLoading')} />}>
        <MjmlEditor
          ref={editorRef}
          value={variant.mjml}
          onChange={(mjml) => onChange({ mjml })}
          readOnly={readOnly}
          problems={bodyProblems}
          label={t('templates.editorLabel', { language: languageName })}
          describedBy={problemsId}
        />
      </Suspense>
      <div id={problemsId} aria-live="polite">
        {bodyProblems.length > 0 && (
          <Alert color="red" title={t('templates.problems.title', { count: bodyProblems.length })}>
            <List size="sm" spacing={4}>
              {bodyProblems.map((p, i) => (
                <List.Item key={`${p.line}-${i}`}>
                  {p.line !== null ? (
                    <>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        c="dark.9"
                        fw={600}
                        underline="always"
                        onClick={() => onGoToLine(p.line!)}
                      >
                        {t('templates.problems.line', { line: p.line })}
                      </Anchor>
                      : {p.message}
                    </>
                  ) : (
                    p.message
                  )}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </div>
      {onRemove && (
        <Group>
          <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
            {t('templates.removeEnglish')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/**
 * A test message of the saved version to the staff member's own address (or another), through the sending
 * engine's one test path. With no mail server set up it lands in the outbox, and the confirmation says so.
 */
function TestSend({
  templateId,
  language,
  dirty,
}: {
  templateId: string;
  language: TemplateLanguage;
  dirty: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const [email, setEmail] = useState<string | null>(null);
  const address = email ?? defaultTestAddress(session.data);
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/templates/{id}/test', {
          params: { path: { id: templateId } },
          body: { email: address.trim(), language },
        }),
      ),
  });
  const error = send.error instanceof ApiError ? send.error : null;
  const emailError = error?.field('email');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} noValidate aria-labelledby="provutskick">
      <Stack gap="xs">
        <Title order={2} size="h4" id="provutskick">
          {t('templates.test.title')}
        </Title>
        <Text size="sm">{t('templates.test.help', { language: t(`templates.language.${language}`) })}</Text>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('templates.test.email')}
            type="email"
            value={address}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={emailError}
            w={320}
          />
          <Button type="submit" mt={25} loading={send.isPending} disabled={dirty || !address.trim()}>
            {t('templates.test.send')}
          </Button>
        </Group>
        {dirty && <Text size="sm">{t('templates.test.saveFirst')}</Text>}
        {send.isError && !emailError && (
          <Alert color="red" role="alert">
            {errorMessage(send.error)}
          </Alert>
        )}
        {send.isSuccess && (
          <Alert color="green" role="status">
            {send.data.transport === 'outbox'
              ? t('templates.test.inOutbox', { to: send.data.to, subject: send.data.subject })
              : t('templates.test.sent', { to: send.data.to, subject: send.data.subject })}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
