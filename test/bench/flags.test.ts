// The bench's flags: --cluster measures the scenarios for the topology unless --only says otherwise.
import { CLUSTER_SCENARIOS, FlagError, parseFlags, SCENARIOS } from '../../bench/flags';

test('--cluster runs commands and lifecycle against the cluster; --only still picks', () => {
  expect(parseFlags([])).toMatchObject({ cluster: false, only: [...SCENARIOS] });
  expect(parseFlags(['--cluster'])).toMatchObject({ cluster: true, only: CLUSTER_SCENARIOS });
  expect(parseFlags(['--cluster', '--only', 'lifecycle', '--lifecycle', '50'])).toMatchObject({ cluster: true, only: ['lifecycle'], lifecycle: 50 });
  expect(parseFlags(['--quick', '--cluster'])).toMatchObject({ quick: true, cluster: true, lifecycle: 15 });
});

test('an unknown flag or scenario is refused by name', () => {
  expect(() => parseFlags(['--clusters'])).toThrow(new FlagError('unknown flag "--clusters"; see bench/README.md'));
  expect(() => parseFlags(['--only', 'everything'])).toThrow(FlagError);
});
