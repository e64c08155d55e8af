export * from './infrastructure';
export * from './core.module';
export * from './queue-worker.module';
export * from './queue-worker.service';
export * from './process-lifecycle';
export * from './runtime-file';
