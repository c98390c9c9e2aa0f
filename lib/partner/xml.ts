/**
 * XML in and out for the partner interface, through fast-xml-parser. Hostile documents (DOCTYPE, ENTITY)
 * are refused before any parsing, and tag values stay strings so 20-digit order ids survive exactly.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { PartnerCode, PartnerError } from './errors.js';

const HOSTILE = /<!\s*(DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({ ignoreAttributes: true, format: true, indentBy: '  ', suppressEmptyNode: false });

/** A parsed request: its root element's name and content. */
export interface XmlRequest {
  root: string;
  content: Record<string, unknown>;
}

/**
 * @example parseXmlRequest('<SearchOrderRequest><OrderId>1</OrderId></SearchOrderRequest>')
 * // { root: 'SearchOrderRequest', content: { OrderId: '1' } }
 */
export function parseXmlRequest(text: string): XmlRequest {
  if (HOSTILE.test(text)) throw new PartnerError(PartnerCode.InvalidRequest, 'DOCTYPE and ENTITY declarations are not accepted');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new PartnerError(PartnerCode.InvalidRequest, `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const document = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(document);
  const root = roots[0];
  if (root === undefined || roots.length !== 1)
    throw new PartnerError(PartnerCode.InvalidRequest, 'the document needs exactly one root element');
  const content = document[root];
  return { root, content: typeof content === 'object' && content !== null ? (content as Record<string, unknown>) : {} };
}

/**
 * The root element's name as the body starts, for a body that could not be parsed (malformed, hostile, too
 * large), so its error still answers in its own root: the first element after any declaration, DOCTYPE or
 * comment, read from the first kilobyte only.
 * @example sniffRoot('<?xml version="1.0"?><!DOCTYPE x><CreateOrderRequest>…') // 'CreateOrderRequest'
 */
export function sniffRoot(text: string): string | undefined {
  return /^(?:\s|<\?[\s\S]*?\?>|<![\s\S]*?>)*<([A-Za-z_][\w.-]{0,63})[\s/>]/.exec(text.slice(0, 1024))?.[1];
}

/** The response root for a request root: `SearchOrderRequest` → `SearchOrderResponse`. */
export function responseRootOf(requestRoot: string): string {
  if (requestRoot.endsWith('Request')) return `${requestRoot.slice(0, -'Request'.length)}Response`;
  if (requestRoot.endsWith('RQ')) return `${requestRoot.slice(0, -2)}RS`;
  return `${requestRoot}Response`;
}

/** Serialises `{ Root: {...} }` with an XML declaration. */
export function buildXml(document: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${builder.build(document) as string}`;
}
