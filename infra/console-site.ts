/**
 * The console on AWS (SPEC §10): its files in a private bucket behind CloudFront (origin access control, HTTPS
 * only, the security headers with a CSP that allows no inline script), `/admin/*` to the HTTP API through the
 * same distribution (one origin: no CORS), and `console/config.json` written at deploy with the user pool.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { buildConsole, consoleCsp } from '../console/assets.js';

export interface ConsoleSiteProps {
  api: HttpApi;
  userPoolId: string;
  clientId: string;
}

/** Where a request for a folder finds its page, and the bare host its console (CloudFront Functions' JS). */
const INDEX_FUNCTION = `function handler(event) {
  var uri = event.request.uri;
  if (uri === '/' || uri === '/console') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/console/' } } };
  }
  if (uri.endsWith('/')) event.request.uri = uri + 'index.html';
  return event.request;
}`;

export class ConsoleSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const { region } = Stack.of(this);
    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Built files only, uploaded again by every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Channel Hub console: CSP without inline script, and the usual security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleCsp(`https://cognito-idp.${region}.amazonaws.com`),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    const index = new EdgeFunction(this, 'Index', {
      code: FunctionCode.fromInline(INDEX_FUNCTION),
      comment: 'Serves index.html for a folder and sends / to /console/',
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Channel Hub console and admin API',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [{ function: index, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // The admin API on the console's own host: never cached, every header (the Bearer token) passed on.
        '/admin/*': {
          origin: new HttpOrigin(`${props.api.apiId}.execute-api.${region}.amazonaws.com`),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });

    // The built console, and its config.json naming the pool (the tokens resolve at deploy).
    const built = mkdtempSync(join(tmpdir(), 'channel-hub-console-'));
    for (const [name, file] of buildConsole()) writeFileSync(join(built, name), file.body);
    const upload = new BucketDeployment(this, 'Upload', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'console/',
      sources: [
        Source.asset(built),
        Source.jsonData('config.json', { region, userPoolId: props.userPoolId, clientId: props.clientId }),
      ],
      // Revalidated on every load, so a deploy reaches every open console at its next page load.
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/console/*'],
      memoryLimit: 256,
    });

    NagSuppressions.addResourceSuppressions(this.bucket, [
      { id: 'AwsSolutions-S1', reason: 'Built, public files uploaded by each deploy; CloudFront is the only reader (OAC).' },
    ]);
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'The hotel’s staff may sign in from anywhere; Cognito is the gate.' },
      { id: 'AwsSolutions-CFR2', reason: 'AWS WAF is a paid option the supplier may attach; every admin route checks a token.' },
      { id: 'AwsSolutions-CFR3', reason: 'The HTTP API keeps access logs of every admin request; the static files need none.' },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The default cloudfront.net certificate; a supplier with its own domain sets TLS 1.2 with its certificate.',
      },
    ]);
    // The bucket deployment's own Lambda and role, which CDK makes once per stack beside this construct.
    const handler = Stack.of(this)
      .node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'))
      .concat(upload.node.children.filter((child) => child.node.id.startsWith('Custom')));
    NagSuppressions.addResourceSuppressions(
      handler,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason: 'CDK’s BucketDeployment Lambda runs with the AWS managed basic execution role (its logs).',
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK’s BucketDeployment reads its asset objects and writes this bucket’s objects (object ARNs end in /*), and invalidates this distribution (CloudFront takes no resource-level grant for it).',
        },
        { id: 'AwsSolutions-L1', reason: 'CDK’s BucketDeployment Lambda: its runtime is CDK’s to choose.' },
      ],
      true,
    );
  }
}
