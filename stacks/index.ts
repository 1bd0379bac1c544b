// The Pulumi entry point and the only reader of pulumi.Config: every declared key is read once, here, and the
// program validates the values before creating anything.
import * as pulumi from '@pulumi/pulumi';
import { STACK_KEY_NAMES } from './keys';
import { deployStack } from './program';

const config = new pulumi.Config();

export = deployStack(Object.fromEntries(STACK_KEY_NAMES.map((key) => [key, config.get(key)]))).outputs;
