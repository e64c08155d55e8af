import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validateSync } from 'class-validator';
import { AppConfig } from './app-config';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ogiltig konfiguration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Reads only the variables AppConfig declares; secrets are never echoed back in the error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Every property with a validation rule is a variable; taken from the class so none can be forgotten here.
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(AppConfig, '', true, false)
      .map((m) => m.propertyName),
  );
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

/** class-validator's default messages, in Swedish (staff run this too). Unknown ones pass through. */
const SWEDISH: [RegExp, string][] = [
  [/^\S+ must not be greater than (\S+)$/, 'får inte vara större än $1'],
  [/^\S+ must not be less than (\S+)$/, 'får inte vara mindre än $1'],
  [/^\S+ must be an integer number$/, 'måste vara ett heltal'],
  [/^\S+ must be one of the following values: (.*)$/, 'måste vara ett av: $1'],
  [/^\S+ must be a URL address$/, 'måste vara en webbadress (http:// eller https://)'],
  [/^\S+ must be longer than or equal to (\d+) characters$/, 'måste ha minst $1 tecken'],
  [/^\S+ must be a string$/, 'måste vara text'],
  [/^\S+ must be an email$/, 'måste vara en e-postadress'],
  [/^\S+ must match .* regular expression$/, 'har fel format'],
];

export function inSwedish(message: string): string {
  for (const [pattern, swedish] of SWEDISH)
    if (pattern.test(message)) return message.replace(pattern, swedish);
  return message;
}

function describe(error: ValidationError): string[] {
  const messages = Object.values(error.constraints ?? {}).map(inSwedish);
  const secret = /PASSWORD|SECRET|URL|KEY/.test(error.property);
  const shown = secret ? '' : ` (fick: ${JSON.stringify(error.value)})`;
  return messages.map((m) => `${error.property}: ${m}${shown}`);
}
