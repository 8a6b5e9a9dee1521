import type { Summary } from './support/summary.js';

/** The samples, by name: `node dist/samples/run.js <name>` (`npm run sample -- <name>`; `npm start` runs quickstart). */
const SAMPLES: Record<string, () => Promise<{ main: () => Promise<Summary> }>> = {
  quickstart: () => import('./quickstart/main.js'),
  orderly: () => import('./orderly/main.js'),
  'retry-dlq': () => import('./retry-dlq/main.js'),
  transaction: () => import('./transaction/main.js'),
  broadcast: () => import('./broadcast/main.js'),
  pipeline: () => import('./pipeline/main.js'),
  pull: () => import('./pull/main.js'),
  backpressure: () => import('./backpressure/main.js'),
};

/** A sample that ends but leaves something running would keep the process alive; this bounds that. */
const EXIT_GRACE_MS = 5_000;

async function run(name: string | undefined): Promise<number> {
  const load = name === undefined ? undefined : SAMPLES[name];
  if (load === undefined) {
    console.error(`usage: npm run sample -- <name>   (one of: ${Object.keys(SAMPLES).join(', ')})`);
    return 2;
  }
  try {
    const summary = await (await load()).main();
    console.log(`${summary.ok ? 'OK' : 'FAILED'} ${summary.sample}: ${summary.line}`);
    return summary.ok ? 0 : 1;
  } catch (error) {
    console.error(`FAILED ${name}:`, error);
    return 1;
  }
}

const code = await run(process.argv[2]);
process.exitCode = code;
setTimeout(() => {
  console.error(`the sample left something running; exiting after ${EXIT_GRACE_MS} ms`);
  process.exit(code);
}, EXIT_GRACE_MS).unref();
