// Kubernetes quantities as numbers, so rules can compare requests with limits.
const memoryUnits: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** Cores: "250m" → 0.25, "2" → 2. */
export function cpuCores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

/** Bytes: "512Mi" → 536870912. */
export function memoryBytes(quantity: string): number {
  const unit = quantity.slice(-2);
  return Number(quantity.slice(0, -2)) * (memoryUnits[unit] ?? NaN);
}
