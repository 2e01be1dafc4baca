// Staged objects on S3: a chunk's parts are multipart uploads to their final keys, completed only at commit (as
// Hadoop S3A's "magic" committer does). Chosen over staging under `_`-prefixed keys and copying at commit because
// an incomplete upload is invisible to every reader (Athena, Spark, DuckDB, a plain listing), completing it is
// one small request with no copy of the bytes (no second write, no CopyObject size limit), and the store itself
// lists what a killed attempt left (ListMultipartUploads), so it can be aborted and its storage freed.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { StagedObject } from '../types';
import { errorCode, S3DestinationError } from './s3-errors';

export interface S3StagingContext {
  client: S3Client;
  bucket: string;
  fullKey: (key: string) => string;
  uriOf: (key: string) => string;
  /** Runs one S3 call: cancellable by the signal, errors described (s3.ts). */
  call: <T>(operation: string, signal: AbortSignal, fn: () => Promise<T>) => Promise<T>;
  /** Size of every part but the last (≥ 5 MiB, S3's minimum). */
  partSize: number;
}

const PARQUET = 'application/vnd.apache.parquet';
/** How long aborting a failed upload may take (it runs when the run's signal may already be aborted). */
const ABORT_TIMEOUT_MS = 30_000;

/** Stores that do not implement an operation (s3rver: ListMultipartUploads, AbortMultipartUpload). */
function unsupported(err: unknown): boolean {
  const { code, status } = errorCode(err);
  return code === 'NotImplemented' || code === 'MethodNotAllowed' || status === 405 || status === 501;
}

export function s3Staging(c: S3StagingContext) {
  const { client, bucket, fullKey, uriOf, call } = c;
  // Completed parts of the uploads staged here (UploadId → parts); ListParts for one staged elsewhere.
  const stagedParts = new Map<string, CompletedPart[]>();

  async function abortUpload(s: StagedObject, signal: AbortSignal): Promise<void> {
    stagedParts.delete(s.token);
    try {
      await call(`AbortMultipartUpload ${uriOf(s.key)}`, signal, () =>
        client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: fullKey(s.key), UploadId: s.token }), { abortSignal: signal }),
      );
    } catch (err) {
      if (errorCode(err).code === 'NoSuchUpload' || unsupported(err)) return;
      throw err;
    }
  }

  async function partsOf(s: StagedObject, signal: AbortSignal): Promise<CompletedPart[]> {
    const known = stagedParts.get(s.token);
    if (known) return known;
    const parts: CompletedPart[] = [];
    let marker: string | undefined;
    do {
      const page = await call(`ListParts ${uriOf(s.key)}`, signal, () =>
        client.send(
          new ListPartsCommand({ Bucket: bucket, Key: fullKey(s.key), UploadId: s.token, ...(marker ? { PartNumberMarker: marker } : {}) }),
          {
            abortSignal: signal,
          },
        ),
      );
      for (const p of page.Parts ?? [])
        parts.push({ PartNumber: p.PartNumber, ETag: p.ETag, ...(p.ChecksumCRC32 ? { ChecksumCRC32: p.ChecksumCRC32 } : {}) });
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
    return parts;
  }

  return {
    async stage(key: string, body: Uint8Array, signal: AbortSignal): Promise<StagedObject> {
      const Key = fullKey(key);
      // With request checksums on (the SDK default), the upload declares CRC32 up front: S3 refuses to complete an
      // upload created without an algorithm whose parts carry checksums. Off (WHEN_REQUIRED): none anywhere.
      const checksums = (await client.config.requestChecksumCalculation()) === 'WHEN_SUPPORTED';
      const algo = checksums ? ({ ChecksumAlgorithm: 'CRC32' } as const) : {};
      const created = await call(`CreateMultipartUpload ${uriOf(key)}`, signal, () =>
        client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key, ContentType: PARQUET, ...algo }), { abortSignal: signal }),
      );
      const staged = { key, token: created.UploadId ?? '' };
      if (!staged.token) throw new S3DestinationError(`S3 CreateMultipartUpload ${uriOf(key)} returned no UploadId`, 'NoUploadId');
      try {
        const parts: CompletedPart[] = [];
        // Every part but the last is partSize; a body up to partSize is one part (one request, as a PutObject).
        for (let off = 0, n = 1; off < body.byteLength || n === 1; off += c.partSize, n++) {
          const chunk = body.subarray(off, Math.min(off + c.partSize, body.byteLength));
          const out = await call(`UploadPart ${n} of ${uriOf(key)}`, signal, () =>
            client.send(
              new UploadPartCommand({
                Bucket: bucket,
                Key,
                UploadId: staged.token,
                PartNumber: n,
                Body: chunk,
                ContentLength: chunk.byteLength,
                ...algo,
              }),
              { abortSignal: signal },
            ),
          );
          parts.push({
            PartNumber: n,
            ETag: out.ETag,
            ...(out.ChecksumCRC32 ? { ChecksumCRC32: out.ChecksumCRC32 } : {}),
            ...(out.ChecksumCRC32C ? { ChecksumCRC32C: out.ChecksumCRC32C } : {}),
            ...(out.ChecksumCRC64NVME ? { ChecksumCRC64NVME: out.ChecksumCRC64NVME } : {}),
            ...(out.ChecksumSHA1 ? { ChecksumSHA1: out.ChecksumSHA1 } : {}),
            ...(out.ChecksumSHA256 ? { ChecksumSHA256: out.ChecksumSHA256 } : {}),
          });
        }
        stagedParts.set(staged.token, parts);
        return staged;
      } catch (err) {
        // Free the parts already stored; on cancel too (a fresh signal: the run's is aborted).
        await abortUpload(staged, AbortSignal.timeout(ABORT_TIMEOUT_MS)).catch(() => undefined);
        throw err;
      }
    },

    async publish(staged: StagedObject, signal: AbortSignal): Promise<string> {
      const parts = await partsOf(staged, signal);
      await call(`CompleteMultipartUpload ${uriOf(staged.key)}`, signal, () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: fullKey(staged.key),
            UploadId: staged.token,
            MultipartUpload: { Parts: parts },
          }),
          { abortSignal: signal },
        ),
      );
      stagedParts.delete(staged.token);
      return uriOf(staged.key);
    },

    async discard(staged: StagedObject[], signal: AbortSignal): Promise<void> {
      for (const s of staged) await abortUpload(s, signal);
    },

    /** Pending uploads under root + prefix, keys relative to root. */
    async listStaged(root: string, prefix: string, signal: AbortSignal): Promise<StagedObject[]> {
      const out: StagedObject[] = [];
      let keyMarker: string | undefined;
      let idMarker: string | undefined;
      try {
        do {
          const page = await call(`ListMultipartUploads s3://${bucket}/${root}${prefix}`, signal, () =>
            client.send(
              new ListMultipartUploadsCommand({
                Bucket: bucket,
                Prefix: root + prefix,
                ...(keyMarker ? { KeyMarker: keyMarker } : {}),
                ...(idMarker ? { UploadIdMarker: idMarker } : {}),
              }),
              { abortSignal: signal },
            ),
          );
          for (const u of page.Uploads ?? []) {
            if (u.Key?.startsWith(root) && u.UploadId) out.push({ key: u.Key.slice(root.length), token: u.UploadId });
          }
          keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
          idMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
        } while (keyMarker);
      } catch (err) {
        if (unsupported(err)) return []; // a store without it cannot show leftovers; AWS and Swift have it
        throw err;
      }
      return out.sort((a, b) => (a.key + a.token).localeCompare(b.key + b.token));
    },
  };
}
