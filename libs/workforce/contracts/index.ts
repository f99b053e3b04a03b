export * from './events';
export * from './queries';
export * from './reporting-queries';
