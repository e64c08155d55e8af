import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { AppConfig } from './app-config';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ogiltig konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Reads only the variables AppConfig declares; secrets are never echoed back in the error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defaults = new AppConfig();
  const known = Object.keys(defaults).concat([
    'DATABASE_URL',
    'REDIS_URL',
    'SMTP_URL',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'DKIM_DOMAIN',
    'DKIM_SELECTOR',
    'DKIM_PRIVATE_KEY',
    'DKIM_PRIVATE_KEY_FILE',
  ]);
  const input: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined) input[key] = value;
  }
  const config = plainToInstance(AppConfig, input, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigValidationError(errors.flatMap(describe));
  return config;
}

function describe(error: ValidationError): string[] {
  const messages = Object.values(error.constraints ?? {});
  const secret = /PASSWORD|SECRET|URL|KEY/.test(error.property);
  const shown = secret ? '' : ` (fick: ${JSON.stringify(error.value)})`;
  return messages.map((m) => `${error.property}: ${m}${shown}`);
}
