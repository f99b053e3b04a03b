export * from './csv-reader';
export * from './csv-request';
export * from './import-report';
export * from './import-api';
export * from './csv-writer';
