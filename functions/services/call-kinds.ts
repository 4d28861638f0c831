import { problemAt, ValidationError } from '../../core/errors';
import { coded } from '../../core/problem-codes';
import type { KindDefinition } from '../../core/kind-definition';
import type { CallItem } from '../adapters/entities';
import { store } from '../adapters/entities';
import { findKindVersion, type KindVersionRecord } from './kinds';

/** The version a new call copies: the one asked for, or the kind's latest; an unknown one is 422 at the field. */
export async function calledKindVersion(kind: string, version: number | undefined): Promise<KindVersionRecord> {
  const { data } = await store().entities.kind.get({ key: kind }).go();
  if (!data) throw new ValidationError([problemAt('body.kind', `no kind ${kind}`, coded('kind-unknown'))]);
  const found = await findKindVersion(kind, version ?? data.latestVersion, true);
  if (!found) throw new ValidationError([problemAt('body.kindVersion', `kind ${kind} has no version ${version}`, coded('kind-unknown'))]);
  return found;
}

const firstVersions = new Map<string, Promise<KindDefinition | undefined>>();

/**
 * What a call stored before kinds were data lacks (its kind's names, settings added since) comes
 * from its kind's first version, which is the seeded preset it was made from. Read once per process.
 */
export function legacyDefinitionOf(kind: string): Promise<KindDefinition | undefined> {
  let pending = firstVersions.get(kind);
  if (!pending) {
    // Not kept when absent or failed: the kinds may be seeded after the first ask.
    pending = findKindVersion(kind, 1).then(
      (found) => {
        if (!found) firstVersions.delete(kind);
        return found?.definition;
      },
      (error: unknown) => {
        firstVersions.delete(kind);
        throw error;
      },
    );
    firstVersions.set(kind, pending);
  }
  return pending;
}

/** A call with its kind's names: stored on it since kinds are data, read from the kind's first version before. */
export async function withKindNames<T extends Pick<CallItem, 'kind' | 'kindNameZh' | 'kindNameEn'>>(call: T): Promise<T> {
  if (call.kindNameZh && call.kindNameEn) return call;
  const legacy = await legacyDefinitionOf(call.kind);
  return { ...call, kindNameZh: legacy?.nameZh ?? call.kind, kindNameEn: legacy?.nameEn ?? call.kind };
}
