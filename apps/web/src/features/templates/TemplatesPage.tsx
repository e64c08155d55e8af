import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { formatDateTime } from '../../lib/format';
import { useCan } from '../auth/session';
import { useTemplates } from './queries';
import { TEMPLATE_PURPOSES, type TemplatePurpose } from './template-editing';

/** Mallar: every template (built-in and the staff's own) with its purpose, languages and latest version. */
export function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const canEdit = useCan('editor');
  const templates = useTemplates();
  const rows = templates.data ?? [];
  return (
    <Stack>
      <Title order={1}>{t('templates.title')}</Title>
      <Text size="sm">{t('templates.intro')}</Text>
      {canEdit && <NewTemplate />}
      {templates.isError && (
        <Alert color="red" role="alert">
          {errorMessage(templates.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover aria-busy={templates.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('templates.name')}</Table.Th>
              <Table.Th>{t('templates.purpose')}</Table.Th>
              <Table.Th>{t('templates.languages')}</Table.Th>
              <Table.Th>{t('templates.latestVersion')}</Table.Th>
              <Table.Th>{t('templates.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {templates.isPending &&
              Array.from({ length: 4 }, (_, i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={5}>
                    <Skeleton height={18} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows.map((template) => (
              <Table.Tr key={template.id}>
                <Table.Td>
                  <Group gap={6} wrap="wrap">
                    <Anchor component={Link} to={`/mallar/${template.id}`}>
                      {template.name}
                    </Anchor>
                    {template.builtInKey && (
                      <Badge variant="light" color="gray" size="sm" style={{ flexShrink: 0 }}>
                        {t('templates.builtIn')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{t(`templates.purposes.${template.purpose}`)}</Table.Td>
                <Table.Td>{template.languages.map((l) => t(`templates.language.${l}`)).join(', ')}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {template.currentVersionNumber !== null
                    ? t('templates.versionNumber', { version: template.currentVersionNumber })
                    : ''}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(template.updatedAt, i18n.language)}
                </Table.Td>
              </Table.Tr>
            ))}
            {templates.isSuccess && rows.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text>{t('templates.empty')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/**
 * A new template: its name and purpose (which decides its variables and cannot change later). It starts from the
 * built-in information letter and opens in the editor; a refusal shows beside its field, what was typed stays.
 */
function NewTemplate() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState<TemplatePurpose>('newsletter');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/templates', { body: { name: name.trim(), purpose } })),
    onSuccess: (template) => {
      queryClient.setQueryData(['template', template.id], template);
      void queryClient.invalidateQueries({ queryKey: ['templates'] });
      void navigate(`/mallar/${template.id}`);
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const nameError = error?.field('name');
  const purposeError = error?.field('purpose');
  const formError = create.isError && !nameError && !purposeError ? errorMessage(create.error) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} noValidate aria-labelledby="ny-mall">
      <Stack gap="xs">
        <Title order={2} size="h4" id="ny-mall">
          {t('templates.newTitle')}
        </Title>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('templates.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
            required
            maxLength={200}
            w={280}
          />
          <Select
            label={t('templates.purpose')}
            description={t('templates.purposeHelp')}
            data={TEMPLATE_PURPOSES.map((p) => ({ value: p, label: t(`templates.purposes.${p}`) }))}
            value={purpose}
            onChange={(value) => value && setPurpose(value as TemplatePurpose)}
            allowDeselect={false}
            error={purposeError}
            w={280}
          />
        </Group>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            {t('templates.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
