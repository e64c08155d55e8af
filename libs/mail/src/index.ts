export * from './templates/template-variables';
export * from './templates/template-errors';
export * from './templates/template-validation';
export * from './templates/template-compiler';
export * from './templates/built-in/built-in-templates';
