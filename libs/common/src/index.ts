export * from './app-error-code';
export * from './app.exception';
export * from './app-exception.filter';
export * from './formula-guard';
export * from './text-normalisation';
export * from './clock';
export * from './stockholm-time';
