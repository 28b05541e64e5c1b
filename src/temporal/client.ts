import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { dataConverter } from '../security/data-converter';

/** The Temporal client every entry point uses (API, CLI, start script, benchmarks). */
export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config.codecKeyring) });
}
