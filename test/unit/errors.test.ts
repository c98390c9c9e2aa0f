import { describe, expect, it } from 'vitest';
import { CatalogError, readCatalogFile } from '../../lib/catalog/catalog.js';
import { ConfigError } from '../../lib/config/config.js';
import { DouyinQueryError } from '../../lib/douyin/order-query.js';
import { TokenError } from '../../lib/douyin/token.js';
import { ChannelHubError, ErrorCode, HubError } from '../../lib/errors.js';
import { PartnerCode, PartnerError } from '../../lib/partner/errors.js';
import { RetryLater } from '../../lib/worker/sqs-record.js';
import { JavaMissingError } from '../../local/dynamodb-local.js';
import { OpsError } from '../../local/ops/commands.js';

describe('one base error', () => {
  const cause = new Error('the underlying failure');
  it.each([
    ['HubError', new HubError(ErrorCode.BadRequest, 'x', { cause })],
    ['PartnerError', new PartnerError(PartnerCode.InvalidRequest, 'x', { cause })],
    ['ConfigError', new ConfigError('x', { cause })],
    ['CatalogError', new CatalogError('x', { cause })],
    ['OpsError', new OpsError('x', { cause })],
    ['TokenError', new TokenError('x', true, { cause })],
    ['DouyinQueryError', new DouyinQueryError('x', { cause })],
    ['RetryLater', new RetryLater('x', { cause })],
    ['JavaMissingError', new JavaMissingError('x', { cause })],
  ])('%s extends ChannelHubError, names itself and keeps its cause', (name, error) => {
    expect(error).toBeInstanceOf(ChannelHubError);
    expect(error.name).toBe(name);
    expect(error.cause).toBe(cause);
  });

  it('keeps the cause where a lower error is turned into ours', async () => {
    const refused = await readCatalogFile('/no/such/catalog.json').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CatalogError);
    expect((refused as Error).cause).toMatchObject({ code: 'ENOENT' });
  });
});
