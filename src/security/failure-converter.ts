// Loaded by path (DataConverter.failureConverterPath) because the workflow bundle
// converts workflow errors inside its sandbox: this module must stay free of
// node: imports. Message and stack trace move into an encoded payload, which the
// encryption codec then encrypts like any other.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
