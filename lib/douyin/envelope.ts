/** Douyin SPI replies: always HTTP 200, flat and `data`-wrapped at once, as the published SDKs disagree. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * With `data` (the price pull's list), the SDK model's own shape `{error_code, description, data, extra}`.
 * @example douyinReply(0, 'success', { order_ext_id: 'HUB1' }, 'req-1')
 * // body: {"error_code":0,"description":"success","order_ext_id":"HUB1","data":{…same…},"extra":{"logid":"req-1","now":…}}
 */
export function douyinReply(
  errorCode: number,
  description: string,
  fields: Record<string, unknown>,
  logid: string,
  data?: unknown,
  now = Date.now(),
): APIGatewayProxyStructuredResultV2 {
  const flat = { error_code: errorCode, description, ...fields };
  const body = data === undefined ? { ...flat, data: flat } : { ...flat, data };
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ ...body, extra: { logid, now } }),
  };
}
