#!/usr/bin/env node
// `npm start`: runs the API and one worker as two processes of the built codebase, and stops both
// on SIGTERM/SIGINT. Each process checks PostgreSQL and Redis, creates the database if missing and
// runs the migrations (under a lock) before it serves; if either process stops, so does the other.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const processes = {
  api: path.join(root, 'dist/apps/api/src/main.js'),
  worker: path.join(root, 'dist/apps/worker/src/main.js'),
};

const children = new Map();
let stopping = false;
let exitCode = 0;

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill(signal);
  // A child that ignores SIGTERM for 15 s is killed.
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, 15_000).unref();
}

for (const [name, entry] of Object.entries(processes)) {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit', env: process.env });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stderr.write(`kompeten: the ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest\n`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (children.size === 0) process.exit(exitCode);
  });
}

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stopAll(signal));
