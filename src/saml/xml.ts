import { DOMParser } from '@xmldom/xmldom';
import { SamlInputError, type SamlInputErrorCode } from './errors';

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_NODE = 4;
const COMMENT_NODE = 8;

/**
 * Parses XML strictly: any parser error or warning refuses the document, and so does a DOCTYPE
 * (entity tricks have no place in SAML, and node-saml refuses them too).
 */
export function parseXml(xml: string, code: SamlInputErrorCode, what: string): Document {
  if (/<!DOCTYPE/i.test(xml))
    throw new SamlInputError(code, `${what} declares a DOCTYPE, which SAML never uses`);
  const problems: string[] = [];
  const parser = new DOMParser({
    errorHandler: {
      warning: (m: string) => problems.push(m),
      error: (m: string) => problems.push(m),
      fatalError: (m: string) => problems.push(m),
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (error) {
    throw new SamlInputError(code, `${what} is not well-formed XML: ${(error as Error).message}`);
  }
  if (problems.length > 0 || !doc?.documentElement)
    throw new SamlInputError(
      code,
      `${what} is not well-formed XML: ${firstLine(problems[0] ?? 'no root element')}`,
    );
  return doc;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

/** The element children of `parent` in namespace `ns` with local name `name`, in document order. */
export function children(parent: Node, ns: string, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE) {
      const el = n as Element;
      if (el.namespaceURI === ns && el.localName === name) out.push(el);
    }
  }
  return out;
}

export function child(parent: Node, ns: string, name: string): Element | undefined {
  return children(parent, ns, name)[0];
}

/** Follows a path of direct children in one namespace: `path(resp, NS.assertion, 'Subject', 'NameID')`. */
export function path(parent: Node | undefined, ns: string, ...names: string[]): Element | undefined {
  let at: Node | undefined = parent;
  for (const name of names) {
    if (!at) return undefined;
    at = child(at, ns, name);
  }
  return at as Element | undefined;
}

/** Every descendant element in `ns` named `name`, wherever it sits. */
export function descendants(root: Node, ns: string, name: string): Element[] {
  const doc = (root.nodeType === 9 ? root : root.ownerDocument) as Document;
  const all = (root.nodeType === 9 ? doc : (root as Element)).getElementsByTagNameNS(ns, name);
  const out: Element[] = [];
  for (let i = 0; i < all.length; i++) {
    const el = all.item(i);
    if (el) out.push(el);
  }
  return out;
}

/** The text of an element: its text and CDATA children joined (comments are not text). */
export function text(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  let out = '';
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_NODE) out += n.nodeValue ?? '';
  }
  return out.trim();
}

/** Whether an element holds an XML comment: the trick that makes a signed NameID read differently. */
export function hasComment(el: Element): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === COMMENT_NODE) return true;
  return false;
}

/** Whether an element holds child elements (structured XML rather than text). */
export function hasElementChildren(el: Element): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) return true;
  return false;
}

export function attr(el: Element | undefined, name: string): string | undefined {
  if (!el?.hasAttribute(name)) return undefined;
  return el.getAttribute(name) ?? undefined;
}
