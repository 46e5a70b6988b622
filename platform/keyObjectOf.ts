import { KeyObject } from 'node:crypto';
import type { CryptoKey } from 'jose';

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

/**
 * A WebCrypto key (as jose imports it) as node:crypto's KeyObject, converted once per key:
 * node:crypto signs and verifies synchronously, without WebCrypto's hop to the thread pool.
 */
export function keyObjectOf(key: CryptoKey): KeyObject {
  let keyObject = keyObjects.get(key);
  if (!keyObject) keyObjects.set(key, (keyObject = KeyObject.from(key)));
  return keyObject;
}
