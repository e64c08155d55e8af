import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  List,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { unwrap, type Schemas } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatDateTime, formatNumber } from '../../lib/format';
import { saveBlob } from '../../lib/download';
import { Pager, useCursorPages } from '../../lib/paging';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../../lib/vocabulary';
import { useCan, useSession } from '../auth/session';
import { errorReportCsv, reportFileName } from './error-report';
import {
  choose,
  examplesOf,
  IGNORE,
  IMPORT_FIELDS,
  initialChoices,
  mappingProblems,
  mappingToSend,
  type ColumnChoice,
  type ImportPreview,
} from './mapping';

type ImportView = Schemas['ImportViewDto'];
const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HISTORY_PAGE = 20;

const isRunning = (status: ImportView['status'] | undefined) => status === 'queued' || status === 'running';

/**
 * Import: choose or drop a CSV/XLSX file, check the columns the API recognised against the first rows (each
 * column → a field or "ignore"), start, follow the progress, read the result and the error report (also as a
 * CSV for Excel), and the imports made before. The import being followed is in the address (?id=), so a reload
 * comes back to it.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const session = useSession();
  const canImport = useCan('editor');
  const [params, setParams] = useSearchParams();
  const currentId = params.get('id');
  const [file, setFile] = useState<File | null>(null);
  const [choices, setChoices] = useState<ColumnChoice[]>([]);
  const [organizationKind, setOrganizationKind] = useState<OrganizationKind>('member');

  const preview = useMutation({
    mutationFn: (chosen: File) => {
      const form = new FormData();
      form.append('file', chosen, chosen.name);
      return unwrap(
        api.POST('/api/imports/contacts/preview', {
          body: form as unknown as Schemas['PreviewImportDto'],
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
    },
    onSuccess: (answer) => setChoices(initialChoices(answer.columns)),
  });

  const start = useMutation({
    mutationFn: () => {
      if (!file || !preview.data) throw new Error('no file');
      const form = new FormData();
      form.append('file', file, file.name);
      const mapping = mappingToSend(preview.data.columns, choices);
      if (mapping) form.append('mapping', JSON.stringify(mapping));
      form.append('organizationKind', organizationKind);
      return unwrap(
        api.POST('/api/imports/contacts', {
          body: form as unknown as Schemas['StartImportDto'],
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
    },
    onSuccess: ({ id }) => {
      setFile(null);
      preview.reset();
      if (id) setParams({ id });
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
  });

  const pick = (chosen: File | null) => {
    if (!chosen) return;
    setFile(chosen);
    start.reset();
    preview.mutate(chosen);
  };

  return (
    <Stack>
      <Title order={1}>{t('import.title')}</Title>
      {canImport ? (
        <>
          {!preview.data && (
            <FilePicker
              onFile={pick}
              busy={preview.isPending}
              fileName={file?.name}
              error={preview.isError ? errorMessage(preview.error) : null}
            />
          )}
          {preview.data && file && (
            <MappingStep
              fileName={file.name}
              preview={preview.data}
              choices={choices}
              onChoose={(index, choice) => setChoices((c) => choose(preview.data.columns, c, index, choice))}
              organizationKind={organizationKind}
              onOrganizationKind={setOrganizationKind}
              starting={start.isPending}
              startError={start.isError ? errorMessage(start.error) : null}
              onStart={() => start.mutate()}
              onCancel={() => {
                setFile(null);
                preview.reset();
                start.reset();
              }}
            />
          )}
        </>
      ) : (
        session.data && <Alert color="gray">{t('import.viewerCannot')}</Alert>
      )}
      {currentId && <ImportProgress id={currentId} onClose={() => setParams({}, { replace: false })} />}
      <ImportHistory currentId={currentId} onOpen={(id) => setParams({ id })} />
    </Stack>
  );
}

/** Drop a file on the area, or choose it with the button (the keyboard's way). */
function FilePicker({
  onFile,
  busy,
  fileName,
  error,
}: {
  onFile: (file: File | null) => void;
  busy: boolean;
  fileName: string | undefined;
  error: string | null;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    onFile(event.dataTransfer.files[0] ?? null);
  };
  return (
    <Paper
      withBorder
      p="xl"
      component="section"
      aria-labelledby="valj-fil"
      onDragOver={(e: DragEvent) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-primary-color-filled)' : undefined,
        background: over ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      <Stack align="center" gap="sm">
        <Title order={2} size="h3" id="valj-fil">
          {t('import.chooseTitle')}
        </Title>
        <Text ta="center">{t('import.dropHint')}</Text>
        <FileButton onChange={onFile} accept={ACCEPT}>
          {(props) => (
            <Button {...props} loading={busy} size="md">
              {t('import.chooseFile')}
            </Button>
          )}
        </FileButton>
        <Text size="sm" c="dimmed" ta="center">
          {t('import.formats')}
        </Text>
        {busy && fileName && (
          <Text size="sm" aria-live="polite">
            {t('import.reading', { name: fileName })}
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert" w="100%">
            {fileName ? `${fileName}: ${error}` : error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function MappingStep({
  fileName,
  preview,
  choices,
  onChoose,
  organizationKind,
  onOrganizationKind,
  starting,
  startError,
  onStart,
  onCancel,
}: {
  fileName: string;
  preview: ImportPreview;
  choices: ColumnChoice[];
  onChoose: (index: number, choice: ColumnChoice) => void;
  organizationKind: OrganizationKind;
  onOrganizationKind: (kind: OrganizationKind) => void;
  starting: boolean;
  startError: string | null;
  onStart: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const problems = mappingProblems(preview.columns, choices);
  const blocked = problems.some((p) => p.kind === 'noEmail');
  const fieldOptions = [
    { value: IGNORE, label: t('import.ignore') },
    ...IMPORT_FIELDS.map((f) => ({ value: f, label: t(`import.fields.${f}`) })),
  ];
  const kindOptions = ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`organizations.kinds.${k}`) }));
  const kindFromFile = choices.includes('organizationKind');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="kolumner">
      <Stack>
        <div>
          <Title order={2} size="h3" id="kolumner">
            {t('import.mappingTitle', { name: fileName })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('import.mappingHint', { count: preview.rows.length })}
          </Text>
        </div>
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('import.column')}</Table.Th>
                <Table.Th>{t('import.field')}</Table.Th>
                <Table.Th>{t('import.examples')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.columns.map((column, i) => {
                const header = column.header || t('import.noHeader', { n: i + 1 });
                const examples = examplesOf(preview, i);
                return (
                  <Table.Tr key={column.index}>
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {header}
                      </Text>
                      {column.suggested && choices[i] === column.suggested && (
                        <Text size="xs" c="dimmed">
                          {t('import.recognised')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td w={230}>
                      <Select
                        aria-label={t('import.fieldFor', { column: header })}
                        data={fieldOptions}
                        value={choices[i] ?? IGNORE}
                        onChange={(v) => onChoose(i, (v ?? IGNORE) as ColumnChoice)}
                        allowDeselect={false}
                        comboboxProps={{ withinPortal: true }}
                      />
                    </Table.Td>
                    <Table.Td>
                      {examples.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('import.emptyColumn')}
                        </Text>
                      ) : (
                        <Text size="sm" style={{ wordBreak: 'break-word' }}>
                          {examples.join(' · ')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        <Select
          label={t('import.organizationKind')}
          description={kindFromFile ? t('import.organizationKindFromFile') : t('import.organizationKindHint')}
          data={kindOptions}
          value={organizationKind}
          onChange={(v) => v && onOrganizationKind(v as OrganizationKind)}
          allowDeselect={false}
          maw={360}
        />

        {problems.length > 0 && (
          <Alert color={blocked ? 'red' : 'yellow'} role={blocked ? 'alert' : undefined}>
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p.kind === 'noEmail' ? 'noEmail' : p.field}>
                  {p.kind === 'noEmail'
                    ? t('import.problemNoEmail')
                    : t('import.problemTwice', {
                        field: t(`import.fields.${p.field}`),
                        columns: p.headers.join(', '),
                      })}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {startError && (
          <Alert color="red" role="alert">
            {startError}
          </Alert>
        )}
        <Group>
          <Button onClick={onStart} loading={starting} disabled={blocked}>
            {t('import.start')}
          </Button>
          <Button variant="default" onClick={onCancel} disabled={starting}>
            {t('import.otherFile')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One import, asked for every second while it runs: the progress, then the result and the error report. */
function ImportProgress({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const lang = i18n.language;
  const job = useQuery({
    queryKey: ['import', id],
    queryFn: async ({ signal }) => {
      const answer = await unwrap(api.GET('/api/imports/{id}', { params: { path: { id } }, signal }));
      if (!isRunning(answer.status)) {
        void queryClient.invalidateQueries({ queryKey: ['imports'] });
        void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      }
      return answer;
    },
    refetchInterval: (query) => (isRunning(query.state.data?.status) || !query.state.data ? 1000 : false),
    staleTime: 0,
  });
  const data = job.data;
  const percent = data && data.total > 0 ? Math.min(100, Math.round((100 * data.processed) / data.total)) : 0;

  const downloadReport = () => {
    if (!data) return;
    const csv = errorReportCsv(data.errors, {
      header: [
        t('import.report.line'),
        t('import.report.field'),
        t('import.report.reason'),
        t('import.report.kind'),
      ],
      field: (f) => (f ? t(`import.fields.${f}`) : ''),
      kind: (k) => t(`import.kinds.${k}`),
    });
    saveBlob(
      new Blob([csv], { type: 'text/csv;charset=utf-8' }),
      reportFileName(data.filename, t('import.report.filePrefix')),
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="importen">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h3" id="importen">
              {data ? t('import.progressTitle', { name: data.filename }) : t('import.progressLoading')}
            </Title>
            {data && (
              <Text size="sm" c="dimmed">
                {formatDateTime(data.createdAt, lang)}
              </Text>
            )}
          </div>
          <Button variant="subtle" size="xs" onClick={onClose}>
            {t('import.close')}
          </Button>
        </Group>
        {job.isError && (
          <Alert color="red" role="alert">
            {errorMessage(job.error)}
          </Alert>
        )}
        {!data && job.isPending && <Skeleton height={60} />}
        {data && (
          <>
            <div aria-live="polite">
              <Group gap="xs">
                <StatusBadge status={data.status} />
                <Text size="sm">
                  {isRunning(data.status)
                    ? t('import.processed', {
                        done: formatNumber(data.processed, lang),
                        total: formatNumber(data.total, lang),
                      })
                    : data.status === 'failed'
                      ? t('import.failed')
                      : t('import.done')}
                </Text>
              </Group>
            </div>
            {isRunning(data.status) && (
              <Progress
                value={percent}
                size="lg"
                animated
                aria-label={t('import.progressLabel', { percent })}
              />
            )}
            {data.errorMessage && (
              <Alert color="red" role="alert">
                {data.errorMessage}
              </Alert>
            )}
            {!isRunning(data.status) && (
              <SimpleGrid cols={{ base: 3 }} maw={480}>
                <Stat label={t('import.created')} value={formatNumber(data.created, lang)} />
                <Stat label={t('import.updated')} value={formatNumber(data.updated, lang)} />
                <Stat label={t('import.skipped')} value={formatNumber(data.skipped, lang)} />
              </SimpleGrid>
            )}
            {data.errors.length > 0 && (
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={3} size="h4" id="felrapport">
                    {t('import.report.title', { count: data.errors.length })}
                  </Title>
                  <Button variant="light" onClick={downloadReport}>
                    {t('import.report.download')}
                  </Button>
                </Group>
                {data.errors.length >= 1000 && (
                  <Text size="sm" c="dimmed">
                    {t('import.report.first1000')}
                  </Text>
                )}
                <Table.ScrollContainer minWidth={480} mah={420}>
                  <Table striped aria-labelledby="felrapport">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={70}>{t('import.report.line')}</Table.Th>
                        <Table.Th>{t('import.report.field')}</Table.Th>
                        <Table.Th>{t('import.report.reason')}</Table.Th>
                        <Table.Th>{t('import.report.kind')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.errors.map((e, i) => (
                        <Table.Tr key={`${e.line}-${i}`}>
                          <Table.Td>{e.line}</Table.Td>
                          <Table.Td>{e.field ? t(`import.fields.${e.field}`) : ''}</Table.Td>
                          <Table.Td>{e.reason}</Table.Td>
                          <Table.Td>{t(`import.kinds.${e.kind}`)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="sm">{label}</Text>
    </div>
  );
}

function StatusBadge({ status }: { status: ImportView['status'] }) {
  const { t } = useTranslation();
  const color = { queued: 'gray', running: 'blue', completed: 'green', failed: 'red' }[status];
  return (
    // Dark text on the light colour: the colour's own text shade is below 4.5:1 at a badge's size.
    <Badge color={color} variant="light" c="dark.7" miw="max-content">
      {t(`import.statuses.${status}`)}
    </Badge>
  );
}

/** The imports made before, newest first. */
function ImportHistory({ currentId, onOpen }: { currentId: string | null; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const pages = useCursorPages('imports');
  const imports = useQuery({
    queryKey: ['imports', pages.cursor],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/imports', { params: { query: { limit: HISTORY_PAGE, cursor: pages.cursor } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = imports.data?.items ?? [];
  const lang = i18n.language;
  return (
    <Stack component="section" aria-labelledby="tidigare" gap="xs">
      <Title order={2} size="h3" id="tidigare">
        {t('import.historyTitle')}
      </Title>
      {imports.isError && (
        <Alert color="red" role="alert">
          {errorMessage(imports.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('import.when')}</Table.Th>
              <Table.Th>{t('import.file')}</Table.Th>
              <Table.Th>{t('import.status')}</Table.Th>
              <Table.Th ta="right">{t('import.created')}</Table.Th>
              <Table.Th ta="right">{t('import.updated')}</Table.Th>
              <Table.Th ta="right">{t('import.skipped')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imports.isPending && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Skeleton height={18} />
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((row) => (
              <Table.Tr
                key={row.id}
                bg={row.id === currentId ? 'var(--mantine-color-yellow-0)' : undefined}
                aria-current={row.id === currentId ? 'true' : undefined}
              >
                <Table.Td>{formatDateTime(row.createdAt, lang)}</Table.Td>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => onOpen(row.id)} ta="left">
                    {row.filename}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={row.status} />
                </Table.Td>
                <Table.Td ta="right">{formatNumber(row.created, lang)}</Table.Td>
                <Table.Td ta="right">{formatNumber(row.updated, lang)}</Table.Td>
                <Table.Td ta="right">{formatNumber(row.skipped, lang)}</Table.Td>
              </Table.Tr>
            ))}
            {imports.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed">{t('import.noHistory')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {imports.data && imports.data.total > HISTORY_PAGE && (
        <Pager
          page={pages.page}
          nextCursor={imports.data.nextCursor}
          onNext={pages.next}
          onPrevious={pages.previous}
          total={imports.data.total}
          totalIsEstimate={imports.data.totalIsEstimate}
        />
      )}
    </Stack>
  );
}

export type { ImportView };
