import { z } from 'zod';

/** Every 4xx/5xx body. `field` names the part of the request at fault (e.g. `body.email`), when there is one. */
export const ZApiError = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  field: z.string().optional(),
  issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type TApiError = z.infer<typeof ZApiError>;
