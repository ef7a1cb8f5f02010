import { RPC_CODES, type RpcStatusName } from "../core/rpc-codes";

/** The ErrorInfo domain every emulator error carries. */
export const ERROR_DOMAIN = "beyondcorp.googleapis.com";

/** An AIP-193 error body: `{"error":{code,message,status,details:[ErrorInfo]}}`. */
export interface AipErrorBody {
  error: {
    code: number;
    message: string;
    status: RpcStatusName;
    details: { "@type": string; reason: string; domain: string; metadata: Record<string, string> }[];
  };
}

/**
 * An API failure the router turns into an AIP-193 response. `status` is the canonical google.rpc
 * name; the HTTP status follows Google's mapping unless `httpStatus` overrides it.
 */
export class ApiError extends Error {
  readonly status: RpcStatusName;
  readonly reason: string;
  readonly metadata: Record<string, string>;
  readonly httpStatus: number;
  readonly headers: Record<string, string>;

  constructor(
    status: RpcStatusName,
    message: string,
    reason: string,
    metadata: Record<string, string> = {},
    headers: Record<string, string> = {},
    httpStatus?: number,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.reason = reason;
    this.metadata = metadata;
    this.headers = headers;
    this.httpStatus = httpStatus ?? RPC_CODES[status].http;
  }

  toBody(): AipErrorBody {
    return aipErrorBody(this.httpStatus, this.status, this.message, this.reason, this.metadata);
  }
}

/** Build the AIP-193 body; `code` is the HTTP status, as Google's JSON transcoding does. */
export function aipErrorBody(
  httpStatus: number,
  status: RpcStatusName,
  message: string,
  reason: string,
  metadata: Record<string, string> = {},
): AipErrorBody {
  return {
    error: {
      code: httpStatus,
      message,
      status,
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason,
          domain: ERROR_DOMAIN,
          metadata: { service: ERROR_DOMAIN, ...metadata },
        },
      ],
    },
  };
}

/** 400 INVALID_ARGUMENT naming the offending field. */
export function invalidArgument(field: string, message: string): ApiError {
  return new ApiError(
    "INVALID_ARGUMENT",
    `Invalid value for field '${field}': ${message}`,
    "INVALID_ARGUMENT",
    {
      field,
    },
  );
}

export function notFound(what: string, name: string): ApiError {
  return new ApiError("NOT_FOUND", `${what} "${name}" not found.`, "RESOURCE_NOT_FOUND", { resource: name });
}

export function alreadyExists(what: string, name: string): ApiError {
  return new ApiError("ALREADY_EXISTS", `${what} "${name}" already exists.`, "RESOURCE_ALREADY_EXISTS", {
    resource: name,
  });
}
