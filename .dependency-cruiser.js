/**
 * The context boundaries, checked on every test run (npm test runs lint:boundaries first).
 * A context talks to another only through libs/<other>/contracts; domain/ stays framework-free.
 */
const FRAMEWORKS = '^node_modules/(@nestjs|typeorm|pg|pg-copy-streams|bullmq|ioredis|class-validator|class-transformer|express|@bull-board|prom-client|csv-parse)/';

module.exports = {
  forbidden: [
    {
      name: 'context-internals',
      comment: 'A context may import another context only through its contracts/ folder.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/', pathNot: ['^libs/system/', '^libs/shared/'] },
      to: { path: '^libs/([^/]+)/', pathNot: ['^libs/$1/', '^libs/[^/]+/contracts/', '^libs/shared/'] },
    },
    {
      name: 'shared-knows-no-context',
      comment: 'The shared kernel and infrastructure serve every context and import none.',
      severity: 'error',
      from: { path: '^libs/shared/' },
      to: { path: '^libs/', pathNot: '^libs/shared/' },
    },
    {
      name: 'kernel-is-plain',
      comment: 'The shared kernel is plain TypeScript: no framework, no infrastructure.',
      severity: 'error',
      from: { path: '^libs/shared/kernel/' },
      to: { path: [FRAMEWORKS, '^libs/shared/infrastructure/'] },
    },
    {
      name: 'domain-is-plain',
      comment: 'domain/ imports no framework and no outer layer of its own context.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/domain/' },
      to: { path: [FRAMEWORKS, '^libs/[^/]+/(application|infrastructure|interface)/', '^libs/shared/infrastructure/'] },
    },
    {
      name: 'contracts-are-public',
      comment: 'contracts/ is what other contexts see: it must not leak the context internals.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/contracts/' },
      to: { path: '^libs/$1/(domain|application|infrastructure|interface)/' },
    },
    {
      name: 'apps-compose-through-system',
      comment: 'Apps reach contexts through the composition root libs/system (or a context contract).',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/([^/]+)/', pathNot: ['^libs/shared/', '^libs/system/', '^libs/[^/]+/contracts/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^libs/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec\\.ts$|\\.int-spec\\.ts$|\\.e2e-spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
