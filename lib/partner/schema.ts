/** The partner's SearchOrderRequest (seed 002) as parsed XML: every value a string. */
import * as z from 'zod';

const digits = (max: number) => z.string().regex(/^\d+$/, 'must be digits').max(max);

export const authenticationTokenSchema = z.object({
  Username: z.string().min(1, 'is required').max(64),
  RequestTimestamp: digits(16),
  Signature: z.string().regex(/^[0-9a-fA-F]{1,128}$/, 'must be hex'),
});

export const searchOrderRequestSchema = z
  .object({
    AuthenticationToken: authenticationTokenSchema,
    TaoBaoOrderId: digits(64).optional(),
    OrderId: z.string().min(1).max(64).optional(),
    IncludeDetail: z
      .string()
      .regex(/^(true|false)$/i, 'must be true or false')
      .transform((value) => value.toLowerCase() === 'true')
      .default(false),
  })
  .refine((request) => request.TaoBaoOrderId !== undefined || request.OrderId !== undefined, {
    message: 'TaoBaoOrderId or OrderId is required',
    path: ['TaoBaoOrderId'],
  });

export type SearchOrderRequest = z.output<typeof searchOrderRequestSchema>;
