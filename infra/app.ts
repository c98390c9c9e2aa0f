/** The CDK app: one Channel Hub stack, checked by cdk-nag's AwsSolutions pack. */
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ChannelHubStack, DOUYIN_HOTEL_SETTINGS } from './channel-hub-stack.js';

const app = new App();
const context = (key: string) => {
  const value = app.node.tryGetContext(key);
  return value === undefined ? undefined : Number(value);
};
new ChannelHubStack(app, app.node.tryGetContext('stackName') ?? 'ChannelHub', {
  maxAttempts: context('maxAttempts'),
  retryBaseSeconds: context('retryBaseSeconds'),
  axPollSeconds: context('axPollSeconds'),
  workerConcurrency: context('workerConcurrency'),
  piiRetentionDays: context('piiRetentionDays'),
  douyinAccountId: app.node.tryGetContext('douyinAccountId'),
  orderSync: app.node.tryGetContext('orderSync') === 'on',
  axDeduplicates: app.node.tryGetContext('axDeduplicates') === 'on',
  // -c DOUYIN_HOTEL_CANCEL_AUDIT=manual and the like: the calendar room's settings for what is not public.
  douyinHotel: Object.fromEntries(
    DOUYIN_HOTEL_SETTINGS.flatMap((name) => {
      const value = app.node.tryGetContext(name);
      return value === undefined ? [] : [[name, String(value)]];
    }),
  ),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
