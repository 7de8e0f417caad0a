// Uploads with progress. fetch() reports no upload progress, so the import request goes through
// the same generated client with a fetch implemented on XMLHttpRequest, whose upload events do.
import { api, data } from './client.ts';
import type { Job, RegistrationImport } from './types.ts';

export type ImportKind = 'invoices' | 'enterprises' | 'quotas' | 'prices';

export interface UploadOptions {
  readonly skipInvalid?: boolean;
  readonly dryRun?: boolean;
  readonly encoding?: 'auto' | 'utf8' | 'gb18030';
  readonly onProgress?: (sent: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** A fetch that sends through XMLHttpRequest and reports upload progress. */
export function progressFetch(
  onProgress: (sent: number, total: number) => void,
): (input: Request) => Promise<Response> {
  return async (request) => {
    const body = await request.arrayBuffer();
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url);
      xhr.withCredentials = true;
      request.headers.forEach((value, key) => xhr.setRequestHeader(key, value));
      xhr.responseType = 'arraybuffer';
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : body.byteLength);
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const cut = line.indexOf(':');
          if (cut > 0) headers.append(line.slice(0, cut).trim(), line.slice(cut + 1).trim());
        }
        resolve(
          new Response(xhr.status === 204 ? null : (xhr.response as ArrayBuffer), {
            status: xhr.status,
            headers,
          }),
        );
      };
      xhr.onerror = () => reject(new TypeError('network error'));
      xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
      request.signal.addEventListener('abort', () => xhr.abort());
      xhr.send(body);
    });
  };
}

/**
 * Uploads a file to import; resolves with the background job that imports it.
 * @example const job = await uploadImport('invoices', file, { onProgress: (s, t) => … });
 */
export async function uploadImport(kind: ImportKind, file: File, options: UploadOptions = {}): Promise<Job> {
  return data(
    api.POST('/api/imports/{kind}', {
      params: {
        path: { kind },
        query: {
          ...(options.skipInvalid ? { skipInvalid: true } : {}),
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.encoding && options.encoding !== 'auto' ? { encoding: options.encoding } : {}),
        },
      },
      // The document types the part as a string (format: binary); the browser sends the File.
      body: { file: '' },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', file, file.name);
        return form;
      },
      fetch: progressFetch(options.onProgress ?? (() => undefined)),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
}

/** The one-part multipart body the upload routes take (a part named `file`). */
function filePart(file: File): () => FormData {
  return () => {
    const form = new FormData();
    form.append('file', file, file.name);
    return form;
  };
}

/**
 * Registers a campaign's enterprises from a CSV or XLSX table (all or nothing unless `skipInvalid`).
 * @example const r = await uploadRegistrations(3, file, { skipInvalid: true });
 */
export async function uploadRegistrations(
  campaignId: number,
  file: File,
  options: { readonly skipInvalid?: boolean } = {},
): Promise<RegistrationImport> {
  return data(
    api.POST('/api/campaigns/{id}/registrations/import', {
      params: {
        path: { id: campaignId },
        query: options.skipInvalid ? { skipInvalid: true } : {},
      },
      body: { file: '' },
      bodySerializer: filePart(file),
    }),
  );
}

/**
 * Attaches a file to an inspection task (PDF, images, office files, text; ≤ 10 MiB).
 * @example await uploadAttachment(4, file);
 */
export async function uploadAttachment(taskId: number, file: File): Promise<unknown> {
  return data(
    api.POST('/api/tasks/{id}/attachments', {
      params: { path: { id: taskId } },
      body: { file: '' },
      bodySerializer: filePart(file),
    }),
  );
}
