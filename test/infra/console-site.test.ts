/**
 * The console on AWS (SPEC §10): a private bucket read by CloudFront alone through origin access control,
 * HTTPS only, the security headers with a CSP that allows no inline script, the admin API on the same
 * host uncached, and config.json written at deploy with the user pool.
 */
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChannelHubStack } from '../../infra/channel-hub-stack.js';

let stack: ChannelHubStack;
let template: Template;
beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new ChannelHubStack(app, 'Test', {});
  Aspects.of(app).add(new AwsSolutionsChecks());
  template = Template.fromStack(stack);
});

type Behavior = {
  PathPattern?: string;
  ViewerProtocolPolicy: string;
  CachePolicyId: string;
  ResponseHeadersPolicyId?: unknown;
  AllowedMethods?: string[];
};
const distribution = () =>
  Object.values(template.findResources('AWS::CloudFront::Distribution'))[0] as {
    Properties: {
      DistributionConfig: {
        DefaultCacheBehavior: Behavior;
        CacheBehaviors: Behavior[];
        Origins: { S3OriginConfig?: unknown; OriginAccessControlId?: unknown }[];
      };
    };
  };

describe('the console on AWS', () => {
  it('keeps its files in a bucket no one reads but the distribution, through origin access control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const [s3Origin] = distribution().Properties.DistributionConfig.Origins.filter(
      (origin) => origin.S3OriginConfig !== undefined,
    );
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    // The bucket policy lets CloudFront read, for this distribution only, and refuses plain HTTP.
    const policies = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toContain('cloudfront.amazonaws.com');
    expect(policies).toContain('AWS:SourceArn');
    expect(policies).toContain('aws:SecureTransport');
    expect(policies).not.toMatch(/"Principal":"\*","Action":"s3:GetObject"/);
  });

  it('serves only HTTPS, with a CSP that allows no inline script and the usual security headers', () => {
    const config = distribution().Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.CacheBehaviors.map((behavior) => behavior.ViewerProtocolPolicy)).toEqual(['https-only']);
    const policy = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as {
      Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, Record<string, unknown>> } };
    };
    const security = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('https://cognito-idp.');
    expect(security).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true },
    });
  });

  it('sends /admin/* to the HTTP API on the same host, uncached, with every method', () => {
    const [admin] = distribution().Properties.DistributionConfig.CacheBehaviors;
    expect(admin).toMatchObject({
      PathPattern: '/admin/*',
      // The managed CachingDisabled policy.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'OPTIONS']),
    });
  });

  it('writes config.json with the user pool at deploy, and uploads the built console under console/', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as {
      Properties: { DestinationBucketKeyPrefix: string; SourceMarkersConfig?: unknown; SourceMarkers?: unknown };
    }[];
    expect(deployments).toHaveLength(1);
    expect(deployments[0]?.Properties.DestinationBucketKeyPrefix).toBe('console/');
    const markers = JSON.stringify(deployments[0]?.Properties.SourceMarkers);
    expect(markers).toContain('ConsoleUsers');
    expect(markers).toMatch(/"Ref":"ConsoleUsersConsole[0-9A-F]+"/);
    template.hasOutput('ConsoleUrl', Match.anyValue());
  });

  it('leaves no cdk-nag finding on the console unsuppressed', () => {
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ].filter((finding) => /Console|BucketDeployment/.test(finding.id));
    expect(findings.map((finding) => finding.id)).toEqual([]);
  });
});
