export * from './page';
export * from './keyset-cursor';
export * from './page-total';
export * from './page-query.dto';
export * from './page.dto';
