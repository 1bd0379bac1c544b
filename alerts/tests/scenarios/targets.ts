import { SCRAPE_JOBS } from '../../jobs';
import { JOB_COMPONENTS } from '../../rules/targets';
import { target, type Scenario } from '../scenario';
import { NAMESPACE, targetLabels } from './labels';

export const targetScenarios: Scenario[] = Object.values(SCRAPE_JOBS).flatMap((job): Scenario[] => {
  const labels = targetLabels(job, `${job}-0`, `10.0.1.1:9000`);
  const up = target(labels);
  return [
    {
      alert: `${JOB_COMPONENTS[job]}TargetDown`,
      severity: 'warning',
      firing: [up('up', '0x30')],
      labels,
      quiet: [up('up', '1x30')],
    },
    {
      alert: `${JOB_COMPONENTS[job]}TargetMissing`,
      severity: 'warning',
      // The job scraped in another namespace only: ours has none.
      firing: [target({ ...labels, namespace: 'elsewhere' })('up', '1x30')],
      labels: { job, namespace: NAMESPACE },
      quiet: [up('up', '0x30')],
    },
  ];
});
