import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { safeReturnPath, useSession, useSetSession } from './session';

/** Logga in: email and password; the API's Swedish message beside the form, a countdown while throttled. */
export function LoginPage() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const target = safeReturnPath(params.get('till'));
  const session = useSession();
  const setSession = useSetSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/login', { body: { email: email.trim(), password } })),
    onSuccess: ({ user }) => {
      setSession(user);
      void navigate(target, { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 429 && err.retryAfterSeconds) {
        const current = Date.now();
        setNow(current);
        setWaitUntil(current + err.retryAfterSeconds * 1000);
      }
    },
  });

  const secondsLeft = waitUntil ? Math.max(0, Math.ceil((waitUntil - now) / 1000)) : 0;
  useEffect(() => {
    if (!waitUntil) return;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= waitUntil) setWaitUntil(null);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [waitUntil]);

  if (session.data) return <Navigate to={target} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate();
  };

  const error = login.error;
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const formError = error && !fieldError('email') && !fieldError('password') ? errorMessage(error) : null;

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={submit} noValidate aria-describedby="login-intro">
          <Stack>
            <Title order={1} size="h2">
              {t('login.title')}
            </Title>
            <Text id="login-intro" c="dimmed" size="sm">
              {t('login.intro')}
            </Text>
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError('email')}
              required
              data-autofocus
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError('password')}
              required
            />
            {missing && (
              <Alert color="red" role="alert">
                {t('login.required')}
              </Alert>
            )}
            {formError && (
              <Alert color="red" role="alert" title={undefined}>
                {formError}
                {secondsLeft > 0 && (
                  <Text size="sm" mt={4} aria-live="polite">
                    {t('login.throttled', { seconds: secondsLeft })}
                  </Text>
                )}
              </Alert>
            )}
            <Button type="submit" loading={login.isPending} disabled={secondsLeft > 0}>
              {login.isPending ? t('login.submitting') : t('login.submit')}
            </Button>
            <LanguageSwitch />
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
