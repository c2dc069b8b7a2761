// Input shapes shared by several routers.
import { z } from 'zod';

/** A Kubernetes object name (RFC 1123 label). */
export const KubeName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes name')
  .max(63);
