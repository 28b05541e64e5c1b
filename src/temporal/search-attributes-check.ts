import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

export class MissingSearchAttributesError extends Error {
  override name = 'MissingSearchAttributesError';
}

/** `Name=Type` for every case search attribute, as the Temporal CLI spells them. */
export function searchAttributeSpecs(): string[] {
  return CASE_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${temporalCliType(key.type)}`);
}

function temporalCliType(type: string): string {
  const names: Record<string, string> = {
    KEYWORD: 'Keyword',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
    BOOL: 'Bool',
    DATETIME: 'Datetime',
    KEYWORD_LIST: 'KeywordList',
  };
  return names[type] ?? type;
}

/**
 * Refuses to go on when the namespace lacks a search attribute the case
 * workflow sets: upserting an unknown attribute fails every workflow task.
 */
export async function assertCaseSearchAttributes(client: Client, namespace: string): Promise<void> {
  const response = await client.connection.operatorService.listSearchAttributes({ namespace });
  const registered = new Set(Object.keys(response.customAttributes ?? {}));
  const missing = CASE_SEARCH_ATTRIBUTES.filter((key) => !registered.has(key.name));
  if (missing.length === 0) return;
  const command = missing.map((key) => `--name ${key.name} --type ${temporalCliType(key.type)}`).join(' ');
  throw new MissingSearchAttributesError(
    `Namespace "${namespace}" lacks the search attributes ${missing.map((k) => k.name).join(', ')}. ` +
      `Register them with: temporal operator search-attribute create --namespace ${namespace} ${command}`,
  );
}

/**
 * Registers the case search attributes through the operator service: for the
 * time-skipping test server, which has no CLI flag for them.
 */
export async function registerCaseSearchAttributes(connection: Client['connection'], namespace: string): Promise<void> {
  const types = temporal.api.enums.v1.IndexedValueType;
  const searchAttributes = Object.fromEntries(
    CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, types[`INDEXED_VALUE_TYPE_${key.type}` as keyof typeof types] as number]),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
