// The one place that turns errors into HTTP responses (house rule 5): RFC 9457 problem details
// (`application/problem+json`) with a stable `code`, a safe English `detail` and its Chinese
// twin `detailZh`, and for validation failures every offending field in `errors`. Nothing else
// reaches the client: no stack, no SQL, no file path. Unexpected errors are logged in full and
// answered with a generic 500.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Failure } from '@oresight/app';
import { AppError } from '@oresight/app';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  detailZh: string;
  code: string;
  instance: string;
  field?: string;
  retryAfter?: number;
  errors?: { in: string; path: string; message: string }[];
}

/** HTTP status of each failure code of the use cases. */
export const STATUS_OF: Readonly<Record<Failure['code'], number>> = {
  bad_request: 400,
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  rate_limited: 429,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A problem type URI per code (documented in docs/api.md). */
export function problemType(code: string): string {
  return `urn:oresight:problem:${code}`;
}

/** The failures the HTTP layer itself raises (authentication, roles, request shape). */
export const HTTP_FAILURES = {
  unauthorized: {
    code: 'unauthorized',
    zh: '请先登录（会话 Cookie 或 Bearer 令牌）',
    en: 'Sign in first (session cookie or Bearer token)',
  },
  forbidden: {
    code: 'forbidden',
    zh: '您的角色无权执行此操作',
    en: 'Your role does not allow this',
  },
  notFound: { code: 'not_found', zh: '未找到', en: 'Not found' },
} as const satisfies Record<string, Failure>;

/** Throws a use-case failure as an error the handler below maps. */
export function raise(failure: Failure): never {
  throw new AppError(failure);
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
}

const PART_NAMES: Readonly<Record<string, string>> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** Validation issues in words, one per field; the duplicate "schema is false" of an unknown field dropped. */
function validationErrors(error: FastifyError): NonNullable<ProblemBody['errors']> {
  const part = PART_NAMES[error.validationContext ?? 'body'] ?? 'body';
  const out: NonNullable<ProblemBody['errors']> = [];
  for (const issue of (error.validation ?? []) as ValidationIssue[]) {
    if (issue.keyword === 'boolean' && issue.schemaPath?.endsWith('/additionalProperties')) continue;
    if (issue.keyword === 'additionalProperties') {
      const names = issue.params?.additionalProperties;
      for (const name of Array.isArray(names) ? names : [names])
        out.push({ in: part, path: `${issue.instancePath ?? ''}/${String(name)}`, message: 'unknown field' });
      continue;
    }
    if (issue.keyword === 'required') {
      const names = issue.params?.requiredProperties ?? issue.params?.missingProperty;
      for (const name of Array.isArray(names) ? names : [names])
        out.push({ in: part, path: `${issue.instancePath ?? ''}/${String(name)}`, message: 'is required' });
      continue;
    }
    out.push({ in: part, path: issue.instancePath || '/', message: issue.message ?? 'invalid' });
  }
  return out.slice(0, 50);
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Omit<ProblemBody, 'type' | 'title' | 'instance'>,
) {
  const body: ProblemBody = {
    type: problemType(problem.code),
    title: TITLES[problem.status] ?? 'Error',
    instance: request.url.split('?')[0] ?? request.url,
    ...problem,
  };
  if (problem.retryAfter !== undefined) void reply.header('retry-after', String(problem.retryAfter));
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(body));
}

/** Sends a use-case failure. */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: Failure) {
  return send(request, reply, {
    status: STATUS_OF[failure.code],
    code: failure.code,
    detail: failure.en,
    detailZh: failure.zh,
    ...(failure.field !== undefined ? { field: failure.field } : {}),
    ...(failure.retryAfter !== undefined ? { retryAfter: failure.retryAfter } : {}),
    ...(failure.details
      ? {
          errors: failure.details.slice(0, 50).map((d) => {
            const cut = d.indexOf(': ');
            return cut > 0
              ? { in: 'body', path: `/${d.slice(0, cut).replace(/\./g, '/')}`, message: d.slice(cut + 2) }
              : { in: 'body', path: '/', message: d };
          }),
        }
      : {}),
  });
}

/** Fastify's and its plugins' client errors, by code: our code and a bilingual safe message. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { code: string; status?: number; zh: string; en?: string }>> =
  {
    FST_ERR_CTP_BODY_TOO_LARGE: { code: 'too_large', zh: '请求体过大', en: 'The request body is too large' },
    FST_ERR_CTP_INVALID_MEDIA_TYPE: {
      code: 'unsupported_media_type',
      zh: '不支持的内容类型',
      en: 'Unsupported Content-Type',
    },
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', zh: 'Content-Length 无效' },
    FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request', zh: 'JSON 请求体为空', en: 'The JSON body is empty' },
    FST_ERR_CTP_INVALID_JSON_BODY: {
      code: 'bad_request',
      zh: 'JSON 请求体无法解析',
      en: 'The JSON body is not valid JSON',
    },
    FST_ERR_CTP_EMPTY_TYPE: { code: 'unsupported_media_type', status: 415, zh: '缺少内容类型' },
    FST_ERR_CTP_INVALID_TYPE: { code: 'unsupported_media_type', status: 415, zh: '内容类型无效' },
    FST_INVALID_MULTIPART_CONTENT_TYPE: {
      code: 'unsupported_media_type',
      status: 415,
      zh: '请以 multipart/form-data 上传文件',
      en: 'Upload the file as multipart/form-data',
    },
    FST_REQ_FILE_TOO_LARGE: { code: 'too_large', zh: '上传文件过大', en: 'The uploaded file is too large' },
    FST_FILES_LIMIT: { code: 'too_large', zh: '一次只能上传一个文件', en: 'Upload one file per request' },
    FST_PARTS_LIMIT: { code: 'too_large', zh: '表单部分过多', en: 'Too many form parts' },
    FST_FIELDS_LIMIT: { code: 'too_large', zh: '表单字段过多', en: 'Too many form fields' },
    FST_PROTO_VIOLATION: { code: 'bad_request', zh: '表单字段名无效', en: 'Invalid form field name' },
    FST_MP_PREMATURE_CLOSE: {
      code: 'bad_request',
      status: 400,
      zh: '上传在完成前中断',
      en: 'The upload was closed before it was complete',
    },
    FST_ERR_VALIDATION: { code: 'validation', zh: '请求参数无效', en: 'The request is invalid' },
  };

/**
 * The error handler: use-case failures, validation errors, framework client errors, and
 * everything else as a logged, generic 500.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendFailure(request, reply, error.failure);
  if (error.validation) {
    const errors = validationErrors(error);
    return send(request, reply, {
      status: 400,
      code: 'validation',
      detail: `The request is invalid: ${errors.map((e) => `${e.in} ${e.path} ${e.message}`).join('; ')}`,
      detailZh: '请求参数无效',
      errors,
    });
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status === 429) {
    const after = Number(reply.getHeader('retry-after')) || undefined;
    return send(request, reply, {
      status,
      code: 'rate_limited',
      detail: 'Too many requests: try again later',
      detailZh: '请求过于频繁，请稍后再试',
      ...(after !== undefined ? { retryAfter: after } : {}),
    });
  }
  if (status >= 400 && status < 500) {
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    const finalStatus = known?.status ?? status;
    // Framework messages for client errors describe the request, not the server: safe to show.
    return send(request, reply, {
      status: finalStatus,
      code: known?.code ?? 'bad_request',
      detail: known?.en ?? error.message,
      detailZh: known?.zh ?? '请求无效',
    });
  }
  request.log.error({ err: error }, 'unexpected error');
  return send(request, reply, {
    status: 500,
    code: 'internal',
    detail: 'An internal error occurred; it has been logged',
    detailZh: '服务器内部错误，已记录',
  });
}

/** Unknown paths under /api. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(request, reply, {
    status: 404,
    code: 'not_found',
    detail: `No such endpoint: ${request.method} ${request.url.split('?')[0]}`,
    detailZh: '接口不存在',
  });
}
