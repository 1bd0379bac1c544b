// The one PVC template shape the StatefulSets (Patroni, Redis, Prometheus) use.
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';

export const volumeClaimTemplate = (
  name: string,
  objectLabels: Record<string, string>,
  storage: { className?: string; size: string },
): Omit<IPersistentVolumeClaim, 'apiVersion' | 'kind'> => ({
  metadata: { name, labels: objectLabels },
  spec: {
    accessModes: ['ReadWriteOnce'],
    ...(storage.className ? { storageClassName: storage.className } : {}),
    resources: { requests: { storage: storage.size } },
  },
});
