/** The catalog's wire format (SPEC §5): hotels and their room types, as the partners need them. */
import * as z from 'zod';

const fen = z.number().int().min(0);
const yyyymmdd = /^\d{8}$/;

export const cancelPolicySchema = z
  .object({
    cancelTime: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'must be HH:mm'),
    startWindowHours: z.number().int().min(0),
    nightCount: z.number().int().min(0).optional(),
    amount: fen.optional(),
  })
  .refine((policy) => (policy.nightCount === undefined) !== (policy.amount === undefined), {
    message: 'needs exactly one of nightCount or amount',
  });

export const rateSchema = z
  .object({
    rateCode: z.string().min(1),
    name: z.string().min(1),
    englishName: z.string().min(1),
    paymentType: z.union([z.literal(1), z.literal(5)]),
    refundable: z.boolean(),
    board: z.object({ code: z.string().min(1), count: z.number().int().min(0) }),
    cancelPolicies: z.array(cancelPolicySchema).optional(),
    comments: z.array(z.string()).default([]),
    nightlyPrices: z
      .record(
        z.string().refine((key) => key === 'default' || yyyymmdd.test(key), 'keys are yyyyMMdd or default'),
        fen,
      )
      .optional(),
  })
  .superRefine((rate, ctx) => {
    const hasPolicies = (rate.cancelPolicies?.length ?? 0) > 0;
    if (rate.refundable && !hasPolicies) {
      ctx.addIssue({ code: 'custom', path: ['cancelPolicies'], message: 'required when refundable is true' });
    }
    if (!rate.refundable && hasPolicies) {
      ctx.addIssue({ code: 'custom', path: ['cancelPolicies'], message: 'must be absent when refundable is false' });
    }
  });

export const axMappingSchema = z.object({
  channelProductMappingCode: z.string().min(1),
  optionCode: z.string().min(1),
  currency: z.enum(['KRW', 'USD']),
  unitSellingPrice: z.string().regex(/^\d+(\.\d{1,5})?$/, 'must be a decimal string'),
  nationalCode: z.string().regex(/^\d{1,4}$/),
  contactEmail: z.email(),
});

export const roomTypeSchema = z.object({
  spuExtId: z.string().min(1),
  name: z.string().min(1),
  englishName: z.string().min(1),
  maxOccupancy: z.number().int().min(1),
  rate: rateSchema,
  ax: axMappingSchema.optional(),
});

export const hotelSchema = z.object({
  supplierExtId: z.string().min(1),
  hotelCode: z.string().min(1),
  douyinPoiId: z.string().min(1).optional(),
  name: z.string().min(1),
  englishName: z.string().min(1),
  address: z.string().min(1),
  cityCode: z.string().min(1),
  timeZone: z.string().regex(/^[+-]\d{2}:\d{2}$/, 'must be like +09:00'),
  currency: z.string().regex(/^[A-Z]{3}$/),
  roomTypes: z.array(roomTypeSchema).min(1),
});

export const catalogSchema = z.object({ hotels: z.array(hotelSchema).min(1) });

export type Catalog = z.output<typeof catalogSchema>;
export type Hotel = z.output<typeof hotelSchema>;
export type RoomType = z.output<typeof roomTypeSchema>;
export type Rate = z.output<typeof rateSchema>;
export type AxMapping = z.output<typeof axMappingSchema>;
