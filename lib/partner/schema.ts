/**
 * The partner's SearchOrderRequest (seed 002) as parsed XML: every value a string. Strict on the ids and the
 * signature, liberal on form (SPEC §3): a client that writes every element sends the optional ones empty
 * (`<OrderId></OrderId>`, `<OrderId/>`), and empty counts as absent.
 */
import * as z from 'zod/mini';

const digits = (max: number) => z.string().check(z.regex(/^\d+$/, 'must be digits'), z.maxLength(max));

/** An optional element: absent, or empty as some clients write an unset one. */
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.pipe(
      z.optional(z.unknown()),
      z.transform((value) => (value === '' ? undefined : value)),
    ),
    z.optional(schema),
  );

export const authenticationTokenSchema = z.object({
  Username: z.string().check(z.minLength(1, 'is required'), z.maxLength(64)),
  RequestTimestamp: digits(16),
  Signature: z.string().check(z.regex(/^[0-9a-fA-F]{1,128}$/, 'must be hex')),
});

export const searchOrderRequestSchema = z
  .object({
    TaoBaoOrderId: optional(digits(64)),
    OrderId: optional(z.string().check(z.maxLength(64))),
    // xs:boolean: true, false, 1 or 0, in any case; absent or empty is false.
    IncludeDetail: z._default(
      optional(
        z.pipe(
          z.string().check(z.regex(/^(true|false|1|0)$/i, 'must be true or false')),
          z.transform((value) => value === '1' || value.toLowerCase() === 'true'),
        ),
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
