export * from './contexts';
export * from './prepare';
