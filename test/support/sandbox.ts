// What the channel suites and the provider-client harness share about the sandbox
// providers: the key they take, and their control API.

/** The key the sandbox providers take and the provider clients send. */
export const PROVIDER_KEY = 'test-provider-key';

/** The control API of the sandbox at `url`: faults, agency collections, what was sent. */
export function sandboxControl(url: string) {
  return (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${url}/_control${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
