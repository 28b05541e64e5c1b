// Temporal's standard history JSON, as `temporal workflow show --output json`
// writes it and the SDKs replay it: proto3 JSON, enum names such as
// "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", 64-bit integers as strings, bytes in
// base64, timestamps and durations as strings. The API returns histories in it,
// and the API and the replay CLI accept them in it.
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';

type History = temporal.api.history.v1.History;
type IHistory = temporal.api.history.v1.IHistory;

interface ProtoJson {
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
  toJson(type: unknown, message: unknown): unknown;
}

/**
 * protojson checks that the type it is given belongs to its own protobufjs, and
 * npm may install @temporalio/common (whose historyToJSON uses protojson) and
 * @temporalio/proto with separate copies: take the copy @temporalio/proto loads.
 */
const protoJson = require(
  require.resolve('protobufjs/ext/protojson', { paths: [path.dirname(require.resolve('@temporalio/proto'))] }),
) as ProtoJson;

const { History: HistoryType } = temporal.api.history.v1;

const WORKFLOW_EXECUTION_STARTED = 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED';

const { EventType } = temporal.api.enums.v1;
const EVENT_TYPES = Object.keys(EventType).filter((name) => name.startsWith('EVENT_TYPE_') && name !== 'EVENT_TYPE_UNSPECIFIED') as [string, ...string[]];

/** An event's type by its JSON name: 17 → EVENT_TYPE_TIMER_STARTED. */
export const eventTypeName = (eventType: number | null | undefined): string => EventType[eventType ?? 0] ?? String(eventType);

/** EVENT_TYPE_TIMER_STARTED → timerStartedEventAttributes: the field that holds the event's details. */
const attributesFieldOf = (eventType: string) =>
  `${eventType
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())}EventAttributes`;

const historyEventSchema = z.looseObject({
  eventId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()], { error: 'an event number such as "1"' }),
  eventType: z.enum(EVENT_TYPES, { error: 'an event type such as EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' }),
});

/**
 * What is checked before the history is read: the shape replay depends on, up to
 * the first event that breaks it (a history may hold thousands); each field's
 * format is checked as it is read (historyFromJson).
 */
export const historyJsonSchema = z
  .looseObject({ events: z.array(historyEventSchema).min(1, 'a history has at least its start event') })
  .superRefine(({ events }, ctx) => {
    if (!events.length) return;
    const issue = (at: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path: ['events', ...at], message });
    if (events[0].eventType !== WORKFLOW_EXECUTION_STARTED) return issue([0, 'eventType'], `a history starts with ${WORKFLOW_EXECUTION_STARTED}`);
    for (const [index, event] of events.entries()) {
      if (Number(event.eventId) !== index + 1) return issue([index, 'eventId'], `events are numbered 1, 2, 3… in order; this one should be ${index + 1}`);
      const field = attributesFieldOf(event.eventType);
      if (typeof event[field] !== 'object' || event[field] === null) return issue([index], `an ${event.eventType} event holds its details in ${field}`);
    }
  });
export type HistoryJson = z.output<typeof historyJsonSchema>;

/** A field of the history does not read as its type says (a bad timestamp, base64 or integer). */
export class HistoryFormatError extends Error {
  override name = 'HistoryFormatError';
}

/** Reads a history the schema above accepted; fields a newer server added and this SDK does not know are left out. */
export function historyFromJson(json: HistoryJson): History {
  try {
    return protoJson.fromJson(HistoryType, json, { ignoreUnknownFields: true }) as History;
  } catch (error) {
    throw new HistoryFormatError(`The history does not read as a Temporal history: ${(error as Error).message}`);
  }
}

/** A history (as the client fetches it) in the standard JSON. */
export function historyToJson(history: IHistory): HistoryJson {
  return protoJson.toJson(HistoryType, HistoryType.fromObject(history)) as HistoryJson;
}

/** The run a history is of, from its start event. */
export function runOf(history: IHistory): { workflowType: string; workflowId: string | undefined } {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return { workflowType: started?.workflowType?.name ?? '', workflowId: started?.workflowId || undefined };
}
