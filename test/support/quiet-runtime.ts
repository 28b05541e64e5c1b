// Worker logs at WARN and above in tests: assertions look at behaviour, not log text.
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
