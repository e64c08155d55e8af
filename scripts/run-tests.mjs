// `npm test`: every check the project has, in three phases, using both cores of a small machine where that is
// safe. 1) the type checks, ESLint with Prettier and the web app's component tests side by side (each pure CPU,
// touching nothing shared), their output shown whole as each ends; 2) Jest's unit tier on two workers; 3) the
// integration and end-to-end tiers one file at a time (they start servers, time things and share PostgreSQL and
// Redis). A phase that fails stops the run: later phases would only fail again, slower. Exit 0 only if all pass.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const workers = String(Math.max(2, availableParallelism()));

/** Runs a command; resolves with its exit code and, when `collect`, its output (else it goes straight through). */
function run(label, command, args, { collect = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, {
      stdio: collect ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: process.env,
    });
    let output = '';
    if (collect) {
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
    }
    child.on('error', (err) => {
      output += `${err.message}\n`;
    });
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const ok = code === 0;
      if (collect) process.stdout.write(`\n── ${label} ──\n${output}`);
      process.stdout.write(
        `── ${label}: ${ok ? 'klart' : `MISSLYCKADES (${signal ?? code})`} efter ${seconds} s ──\n`,
      );
      resolve(ok);
    });
  });
}

const npx = (args, label, options) => run(label, 'npx', ['--no-install', ...args], options);

async function main() {
  const phases = [
    () =>
      Promise.all([
        npx(['tsc', '-p', 'tsconfig.json', '--noEmit'], 'tsc (servern)', { collect: true }).then(
          async (ok) =>
            ok &&
            npx(['tsc', '-p', 'apps/web/tsconfig.json', '--noEmit'], 'tsc (webbappen)', { collect: true }),
        ),
        npx(['eslint', '.'], 'ESLint', { collect: true }).then(
          async (ok) => (await npx(['prettier', '--check', '.'], 'Prettier', { collect: true })) && ok,
        ),
        npx(
          ['vitest', 'run', '--config', 'apps/web/vitest.config.mts'],
          'webbappens komponenttester (Vitest)',
          {
            collect: true,
          },
        ),
      ]).then((results) => results.every(Boolean)),
    () => npx(['jest', '--selectProjects', 'unit', `--maxWorkers=${workers}`], 'Jest, enhetstester'),
    () =>
      npx(
        ['jest', '--selectProjects', 'int', 'e2e', '--runInBand', '--forceExit'],
        'Jest, integration och helhet',
      ),
  ];
  for (const phase of phases) {
    if (!(await phase())) {
      process.stdout.write('\nTesterna misslyckades (se ovan).\n');
      process.exit(1);
    }
  }
  process.stdout.write('\nAlla tester gick igenom.\n');
}

main();
