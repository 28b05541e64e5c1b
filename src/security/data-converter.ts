// The one DataConverter for every Client, Worker, replay and workflow bundle:
// payloads encrypted, failure messages and stack traces encrypted with them.
import type { DataConverter } from '@temporalio/common';
import { ConfigError, type CodecKeyring } from '../config';
import { EncryptionCodec } from './codec';

/** Pass to bundleWorkflowCode({ failureConverterPath }) when prebuilding a workflow bundle. */
export const failureConverterPath = require.resolve('./failure-converter');

/** Stops start-up when the keyring is not configured: nothing may reach Temporal unencrypted. */
export function dataConverter(keyring: CodecKeyring | undefined): DataConverter {
  if (!keyring) {
    throw new ConfigError(
      'ARREARS_CODEC_KEYS and ARREARS_CODEC_ACTIVE_KEY are not set: Temporal payloads must be encrypted. Set ' +
        'ARREARS_CODEC_KEYS=<id>:<base64 of 32 random bytes> (openssl rand -base64 32) and ARREARS_CODEC_ACTIVE_KEY=<id>',
    );
  }
  return { payloadCodecs: [new EncryptionCodec(keyring)], failureConverterPath };
}
