// Structured logs (pino) that carry caseId/loanId and never debtors' personal data:
// every object, message, error and binding passes through the redactor first.
// LOG_FORMAT=pretty renders the already redacted lines for a person to read.
import pino, { type DestinationStream, type LogFn, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Config } from './config';
import { redactText, redactValue } from './security/redact';

export type { Logger } from 'pino';

export interface LogBindings {
  caseId?: string;
  loanId?: string;
  [key: string]: unknown;
}

/** A redacting logger, JSON unless LOG_FORMAT=pretty; `destination` defaults to stdout (tests pass a buffer). */
export function createLogger(
  config: Pick<Config, 'LOG_LEVEL'> & Partial<Pick<Config, 'LOG_FORMAT'>>,
  bindings: LogBindings = {},
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level: config.LOG_LEVEL,
    formatters: {
      log: (object) => redactValue(object) as Record<string, unknown>,
      bindings: (childBindings) => redactValue(childBindings) as pino.Bindings,
    },
    // Objects were already redacted by formatters.log; this covers errors set by other paths.
    serializers: { err: (error: unknown) => (error instanceof Error ? redactValue(error) : error) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, redactArguments(args));
      },
    },
  };
  const output = destination ?? pino.destination(1);
  const logger = pino(options, config.LOG_FORMAT === 'pretty' ? prettyDestination(output) : output);
  return Object.keys(bindings).length > 0 ? logger.child(bindings) : logger;
}

/**
 * Renders each line as it is written, in the same call, so nothing is lost when
 * a process exits right after logging (pino-pretty's own stream is asynchronous).
 */
function prettyDestination(output: DestinationStream): DestinationStream {
  const render = prettyFactory({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return { write: (line: string) => output.write(render(line)) };
}

/**
 * Scrubs the message and its interpolation arguments. When only an error (or
 * `{ err }`) is given, pino would take the raw error message as the log
 * message, so a scrubbed one is supplied instead.
 */
function redactArguments(args: Parameters<LogFn>): Parameters<LogFn> {
  const [first, ...rest] = args as unknown[];
  const scrub = (value: unknown) => (typeof value === 'string' ? redactText(value) : redactValue(value));
  if (typeof first === 'string') return [scrub(first), ...rest.map(scrub)] as Parameters<LogFn>;
  const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
  const hasMessage = typeof rest[0] === 'string' || (first as { msg?: unknown } | null)?.msg !== undefined;
  if (error instanceof Error && !hasMessage) return [first, redactText(error.message)] as Parameters<LogFn>;
  return [first, ...rest.map(scrub)] as Parameters<LogFn>;
}

/** Routes the Temporal SDK's logs (worker, workflow and activity loggers) through a redacting logger. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta: LogMetadata = {}) => {
    logger[level.toLowerCase() as Lowercase<LogLevel>](meta, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
