export * from './development-needs';
