import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The boundaries check must fail the build on a violation, not just report it: run it on probes that break each rule.
const root = join(__dirname, '..');
const probe = join(root, 'libs', 'zz-boundary-probe');

function cruise(): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/.bin/depcruise'), 'libs', '--config', '.dependency-cruiser.js'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('the context boundaries check', () => {
  afterEach(() => rmSync(probe, { recursive: true, force: true }));

  it('passes on the code as it is', () => {
    expect(cruise().status).toBe(0);
  });

  it('fails when a context imports another context’s internals, or a domain imports a framework', () => {
    mkdirSync(join(probe, 'domain'), { recursive: true });
    writeFileSync(
      join(probe, 'domain', 'bad.ts'),
      [
        "import { Injectable } from '@nestjs/common';",
        "import { EmployeeRepository } from '@kompeten/workforce/infrastructure/employee.repository';",
        'export const probe = [Injectable, EmployeeRepository];',
      ].join('\n'),
    );
    const result = cruise();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('domain-is-plain');
    expect(result.output).toContain('context-internals');
  });

  it('lets a context use another context’s contracts', () => {
    mkdirSync(join(probe, 'application'), { recursive: true });
    writeFileSync(
      join(probe, 'application', 'good.ts'),
      "import { EmployeeSummaryQuery } from '@kompeten/workforce/contracts';\nexport const probe = EmployeeSummaryQuery;\n",
    );
    expect(cruise().status).toBe(0);
  });
});
