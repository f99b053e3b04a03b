export * from './events';
export * from './queries';
export * from './catalogue';
export * from './learning-platform';
