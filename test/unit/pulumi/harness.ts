// Runs the real program under Pulumi's mocks for a stack file and a cloud, and returns what it created.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import type { Cloud } from '../../../infra/cloud/backup-storage';
import type { DeployedStack } from '../../../stacks/program';
import { recordingMocks, type RecordedResource } from './mocks';

export const PROJECT = 'brownie-platform';
const ROOT = join(__dirname, '..', '..', '..');

/** What each cloud needs besides the stack file (which names AWS). */
export const CLOUD_SETTINGS: Record<Cloud, Record<string, string>> = {
  aws: {
    cloud: 'aws',
    region: 'eu-west-1',
    awsOidcProviderArn: 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/TESTCLUSTER',
  },
  gcp: { cloud: 'gcp', region: 'europe-west1', gcpProject: 'brownie-test' },
  azure: {
    cloud: 'azure',
    region: 'westeurope',
    azureOidcIssuerUrl: 'https://westeurope.oic.prod-aks.azure.com/tenant/cluster/',
  },
};

/** A stack file's values as Pulumi hands them to the program: strings, lists as JSON. */
export function stackFileConfig(stack: 'dev' | 'prod'): Record<string, string> {
  const file = parse(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(file.config).map(([key, value]) => [
      key.replace(`${PROJECT}:`, ''),
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

export function stackConfig(stack: 'dev' | 'prod', cloud: Cloud): Record<string, string> {
  const fromFile = stackFileConfig(stack);
  delete fromFile.awsOidcProviderArn;
  return { ...fromFile, ...CLOUD_SETTINGS[cloud] };
}

export interface StackRun {
  resources: RecordedResource[];
  unknownCalls: string[];
  /** Every registered URN (they carry the parent's type, which is how parenting is checked). */
  urns: string[];
  stack: DeployedStack;
  durationMs: number;
}

interface MockMonitor {
  getRegisteredResources(): Map<string, unknown>;
}
/** Pending registrations; not in the typings, but the runtime's own way to know a program has finished. */
const waitForRegistrations = () => (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

export async function runProgram(stackName: 'dev' | 'prod', raw: Record<string, string>): Promise<StackRun> {
  const resources: RecordedResource[] = [];
  const unknownCalls: string[] = [];
  await pulumi.runtime.setMocks(recordingMocks(resources, unknownCalls), PROJECT, stackName, false);
  const { deployStack } = await import('../../../stacks/program');
  const started = performance.now();
  const stack = deployStack(raw);
  await waitForRegistrations();
  const durationMs = performance.now() - started;
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  return { resources, unknownCalls, urns: [...monitor.getRegisteredResources().keys()], stack, durationMs };
}

export const runStack = (stack: 'dev' | 'prod', cloud: Cloud) => runProgram(stack, stackConfig(stack, cloud));

/** The resolved value of an output (mocks resolve every output). */
export const valueOf = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => output.apply((v) => resolve(v)));

export const ofType = (run: StackRun, type: string) => run.resources.filter((r) => r.type === type);

export function one(run: StackRun, type: string, name?: string): RecordedResource {
  const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ''}, found ${found.length}`);
  return found[0] as RecordedResource;
}
