/** The partner's SearchOrderRequest (seed 002) as parsed XML: every value a string. */
import * as z from 'zod/mini';

const digits = (max: number) => z.string().check(z.regex(/^\d+$/, 'must be digits'), z.maxLength(max));

export const authenticationTokenSchema = z.object({
  Username: z.string().check(z.minLength(1, 'is required'), z.maxLength(64)),
  RequestTimestamp: digits(16),
  Signature: z.string().check(z.regex(/^[0-9a-fA-F]{1,128}$/, 'must be hex')),
});

export const searchOrderRequestSchema = z
  .object({
    AuthenticationToken: authenticationTokenSchema,
    TaoBaoOrderId: z.optional(digits(64)),
    OrderId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    IncludeDetail: z._default(
      z.pipe(
        z.string().check(z.regex(/^(true|false)$/i, 'must be true or false')),
        z.transform((value) => value.toLowerCase() === 'true'),
      ),
      false,
    ),
  })
  .check(
    z.refine((request) => request.TaoBaoOrderId !== undefined || request.OrderId !== undefined, {
      message: 'TaoBaoOrderId or OrderId is required',
      path: ['TaoBaoOrderId'],
    }),
  );

export type SearchOrderRequest = z.output<typeof searchOrderRequestSchema>;
