// Champion/challenger assignment. The split must be reproducible by anyone with the
// strategy and the loan id (auditors, replays, a second worker), so it is a hash,
// never a random draw, and it is recorded on the case when the case starts.
//
// Loan books number loans in sequence, so neighbouring ids must land in the arms
// as independently as coin flips: otherwise the arms differ by origination date
// and the experiment measures that. The hash therefore needs full avalanche (every
// input bit moves every output bit), which FNV-1a, the first hash used here, lacks.
import type { Strategy } from './strategy-schema';

/**
 * FNV-1a, 32-bit, over the string's UTF-16 code units (one XOR per unit, not per
 * byte, so it differs from byte-wise FNV-1a for non-ASCII text). Small, fast and
 * needs no node:crypto, which the workflow sandbox does not have. It does not mix
 * its last bytes into the high bits, so ids that differ only at the end hash close.
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The string's UTF-8 bytes; the sandbox is not promised a TextEncoder. */
function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return bytes;
}

const rotateLeft = (value: number, bits: number) => (value << bits) | (value >>> (32 - bits));

/** MurmurHash3's block mix for one 32-bit little-endian word. */
function mixWord(word: number): number {
  return Math.imul(rotateLeft(Math.imul(word, 0xcc9e2d51), 15), 0x1b873593);
}

/**
 * MurmurHash3 x86_32 over the string's UTF-8 bytes, as an unsigned 32-bit number:
 * the same value as other implementations give (Python's mmh3.hash(text, seed,
 * signed=False)), so an auditor can check an assignment with any of them. Its
 * finaliser (fmix32) gives the avalanche the split needs.
 */
export function murmur3_32(text: string, seed = 0): number {
  const bytes = utf8(text);
  const tail = bytes.length & ~3;
  let hash = seed >>> 0;
  for (let index = 0; index < tail; index += 4) {
    const word = bytes[index] | (bytes[index + 1] << 8) | (bytes[index + 2] << 16) | (bytes[index + 3] << 24);
    hash = (Math.imul(rotateLeft(hash ^ mixWord(word), 13), 5) + 0xe6546b64) | 0;
  }
  let rest = 0;
  for (let index = bytes.length - 1; index >= tail; index--) rest = (rest << 8) | bytes[index];
  if (bytes.length > tail) hash ^= mixWord(rest);
  hash ^= bytes.length;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** The variant whose cumulative weight, in the order the variants are listed, first exceeds the hash scaled to [0, total weight). */
function variantAt(strategy: Strategy, hash: number): string {
  const total = strategy.variants.reduce((sum, variant) => sum + variant.weight, 0);
  // Exact in integers: hash < 2^32 and the schema caps total weight at 10^6, so the product stays below 2^53.
  const point = Math.floor((hash * total) / 2 ** 32);
  let cumulative = 0;
  // point < total, so some variant's cumulative weight always exceeds it.
  return strategy.variants.find((variant) => (cumulative += variant.weight) > point)!.name;
}

/**
 * The name of the variant a loan falls in: MurmurHash3 x86_32 (seed 0) of
 * `${strategy.id}:${strategy.version}:${loanId}` picks a variant by weight (see
 * variantAt). The key cannot be ambiguous: ids are slugs and versions integers,
 * neither with a colon. The version is in the key, so each version is a fresh
 * experiment: a loan's arm in one says nothing of its arm in the next.
 */
export function assignVariant(strategy: Strategy, loanId: string): string {
  return variantAt(strategy, murmur3_32(`${strategy.id}:${strategy.version}:${loanId}`));
}

/**
 * The assignment of cases started before the 'variant-hash-mixed' patch (November
 * 2026); replays of their histories need it, nothing else may use it. FNV-1a of
 * `${strategy.id}:${loanId}` picks the variant by weight: consecutive loan ids
 * fall in long runs of one variant, and a loan keeps its variant across versions.
 */
export function assignVariantFnv1a(strategy: Strategy, loanId: string): string {
  return variantAt(strategy, fnv1a32(`${strategy.id}:${loanId}`));
}
