import { bareMetricNames, selectedMetrics } from '../../../alerts/queried-metrics';

describe('queried metrics', () => {
  it('when an expression has selectors, then each metric comes with the job its matchers pin', () => {
    const expr =
      'histogram_quantile(0.95, sum by (pool, le) (rate(a_bucket{job="brownie-api",namespace="x",pool="p"}[5m]))) / on (pool) b{namespace="x"}';
    expect(selectedMetrics(expr)).toEqual([
      { metric: 'a_bucket', job: 'brownie-api' },
      { metric: 'b', job: undefined },
    ]);
  });

  it('when a matcher merely ends in job, then it is not taken for the job', () => {
    expect(selectedMetrics('m{cronjob="x",job="redis-exporter"}')).toEqual([{ metric: 'm', job: 'redis-exporter' }]);
  });

  it('when a metric is used without a selector, then it is reported; functions, keywords, labels and strings are not', () => {
    const expr =
      'rate(foo[5m]) > 3 * bar offset 5m and on (pod) label_replace(x{job="a"}, "database", "$1", "name", "(.+)") > 1e9 or vector(1) unless sum by (namespace) (baz{job="b"})';
    expect(bareMetricNames(expr)).toEqual(['foo', 'bar']);
  });
});
