import { createHash } from 'node:crypto';
import type { Reply } from '../reply';

/** Every inline block of a kind, as the browser hashes it: the exact text between its tags. */
function inlineBlocks(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'gi'))].map((m) => m[1] as string);
}

function hashSources(blocks: string[]): string {
  return blocks.map((block) => `'sha256-${createHash('sha256').update(block, 'utf8').digest('base64')}'`).join(' ');
}

/**
 * The dashboard page and its Content-Security-Policy. The page is one file with its script and its
 * styles inline; the policy lets in exactly those blocks by their hashes, computed here from the
 * file as served (so an edit to the page cannot leave a stale hash), and nothing else: no other
 * script or style (no `unsafe-inline`, no inline event handler, no `style` attribute), data only
 * from the gateway itself, never framed.
 */
export function dashboardPage(html: string): Reply {
  const policy = [
    "default-src 'none'",
    `script-src ${hashSources(inlineBlocks(html, 'script'))}`,
    `style-src ${hashSources(inlineBlocks(html, 'style'))}`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { status: 200, contentType: 'text/html; charset=utf-8', body: html, headers: { 'Content-Security-Policy': policy } };
}
