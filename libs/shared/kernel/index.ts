export * from './errors';
export * from './ids';
export * from './events';
export * from './aggregate-root';
export * from './actor';
