import assert from 'node:assert/strict';

/** The SDK error a call ends in: exception name, HTTP status and message. */
export async function fault(p: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  assert.fail('expected a fault');
}
