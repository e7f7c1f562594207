import { argon2id, hash, verify } from 'argon2';
import { ARGON2_OPTIONS } from '../src/users/password-hasher';

/**
 * Run by password-hash-cost.ts beside a sign-in scenario's load: one argon2id verification at the
 * server's parameters at a time, a pause between them, each one's CPU (this process's, every
 * thread) written as a line of JSON. So the hash is measured on the machine as the load leaves
 * it (the server's own hashes, Postgres, the load generator), where it costs more than alone.
 * Ends when its standard input closes.
 */
const PAUSE_MS = 400;
const PASSWORD = 'correct horse battery staple';

async function main(): Promise<void> {
  if (ARGON2_OPTIONS.type !== argon2id) throw new Error('the server hashes with another argon2 variant');
  const stored = await hash(PASSWORD, ARGON2_OPTIONS);
  let running = true;
  process.stdin.on('close', () => (running = false)).resume();
  await verify(stored, PASSWORD); // warm
  while (running) {
    const start = process.cpuUsage();
    if (!(await verify(stored, PASSWORD))) throw new Error('argon2id verification of the right password failed');
    const used = process.cpuUsage(start);
    process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000 })}\n`);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
