import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Emulator } from '../../bin/emulator.ts';

// The emulator runs in the test process: the CLI must run asynchronously or it would wait on us.
const run = promisify(execFile);

export async function awsCliAvailable(): Promise<boolean> {
  try {
    await run('aws', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** Runs `aws elasticache ...` against the emulator; returns parsed JSON or the CLI's error text. */
export async function awsCli(em: Emulator, args: string[]): Promise<{ json?: Record<string, any>; error?: string }> {
  try {
    const { stdout } = await run('aws', ['--endpoint-url', em.url, '--output', 'json', 'elasticache', ...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });
    return { json: stdout.trim() === '' ? {} : JSON.parse(stdout) };
  } catch (e) {
    return { error: (e as { stderr?: string }).stderr ?? String(e) };
  }
}
