import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { errorMessage } from '../../api/errors';
import { formatNumber } from '../../lib/format';
import { useCan } from '../auth/session';
import { SurveyBuilder } from './SurveyBuilder';

/** Enkäter: every survey (evaluations and member surveys) and, for editors, a new one (?ny=1, ?mote= for an evaluation). */
export function SurveysPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const canEdit = useCan('editor');
  const [params, setParams] = useSearchParams();
  const creating = canEdit && (params.get('ny') === '1' || params.has('mote'));
  const surveys = useQuery({
    queryKey: ['surveys'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/surveys', { signal })),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('surveys.title')}</Title>
        {canEdit && !creating && <Button onClick={() => setParams({ ny: '1' })}>{t('surveys.new')}</Button>}
      </Group>
      {creating && (
        <Paper withBorder p="md" component="section" aria-label={t('surveys.new')}>
          <SurveyBuilder
            survey={null}
            meetingId={params.get('mote')}
            onSaved={(s) => navigate(`/enkater/${s.id}`)}
          />
        </Paper>
      )}
      {surveys.isPending && <Skeleton height={120} />}
      {surveys.isError && (
        <Alert color="red" role="alert">
          {errorMessage(surveys.error)}
        </Alert>
      )}
      {surveys.data && surveys.data.items.length === 0 && <Text>{t('surveys.none')}</Text>}
      {surveys.data && surveys.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={500}>
          <Table striped aria-label={t('surveys.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.name')}</Table.Th>
                <Table.Th>{t('surveys.kind.label')}</Table.Th>
                <Table.Th>{t('surveys.status.label')}</Table.Th>
                <Table.Th>{t('surveys.responses')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {surveys.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/enkater/${s.id}`}>
                      {s.titleSv}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`surveys.kind.${s.kind}`)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t(`surveys.status.${s.status}`)}</Badge>
                  </Table.Td>
                  <Table.Td>{formatNumber(s.responses, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
