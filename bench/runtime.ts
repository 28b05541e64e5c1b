// The Temporal runtime of a bench process (the bench's own, the case worker's):
// the SDK's and its core's logs at WARN, to stderr, so stdout carries only the
// bench's result and progress stays readable.
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

export function installQuietRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}
