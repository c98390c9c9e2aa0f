/** How one outbound call ended, in the words the worker acts on. */

export type CallOutcome<T = undefined> =
  | { kind: 'ok'; value: T; httpStatus?: number; detail?: string }
  | { kind: 'retry'; detail: string; httpStatus?: number }
  | { kind: 'permanent'; detail: string; httpStatus?: number };

/** A call that timed out or could not connect: always retried. */
export function networkFailure(error: unknown, timeoutMs: number): { kind: 'retry'; detail: string } {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'retry', detail: `timed out after ${timeoutMs} ms` };
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return { kind: 'retry', detail: `network error${cause ? ` ${cause}` : ''}: ${(error as Error).message}` };
}

/** Reads a JSON body, or undefined when it is not JSON. */
export async function jsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
