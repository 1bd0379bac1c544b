// What the three cloud components share: the BackupStorage fields as outputs, published once all children exist.
import * as pulumi from '@pulumi/pulumi';
import type { BackupStorage, Cloud } from './backup-storage';

export type BackupStorageFields = Omit<BackupStorage, 'cloud'>;

export abstract class BackupStorageComponent extends pulumi.ComponentResource implements BackupStorage {
  abstract readonly cloud: Cloud;
  // Set by publish(), the last statement of each subclass's constructor.
  public readonly bucketName!: pulumi.Output<string>;
  public readonly destination!: pulumi.Output<string>;
  public readonly consoleUrl!: pulumi.Output<string>;
  public readonly keyId!: pulumi.Output<string>;
  public readonly encryptionKeyReference!: pulumi.Output<string>;
  public readonly identity!: pulumi.Output<string>;
  public readonly serviceAccountAnnotations!: Record<string, pulumi.Output<string>>;
  public readonly podLabels!: Record<string, string>;
  public readonly accountUrl?: pulumi.Output<string>;

  /** Sets the fields and registers the outputs: call it last. */
  protected publish(fields: BackupStorageFields): void {
    Object.assign(this, fields);
    this.registerOutputs({
      bucketName: fields.bucketName,
      destination: fields.destination,
      consoleUrl: fields.consoleUrl,
      keyId: fields.keyId,
      identity: fields.identity,
      ...(fields.accountUrl ? { accountUrl: fields.accountUrl } : {}),
    });
  }
}
