import { typeUrl, type ServiceName } from "./collections";
import type { ResponseBuilder } from "./operation-record";

export const EMPTY_TYPE = "type.googleapis.com/google.protobuf.Empty";

/** `{"@type": "…google.protobuf.Empty"}` — the response of delete operations. */
export const emptyResponse: ResponseBuilder = () => ({ "@type": EMPTY_TYPE });

/** A fixed response body; `@type` defaults to the service's resource message for the served version. */
export function fixedResponse(
  service: ServiceName,
  kind: string,
  body: Record<string, unknown>,
): ResponseBuilder {
  return (version) => {
    const { "@type": given, ...rest } = body;
    return { "@type": typeof given === "string" ? given : typeUrl(service, version, kind), ...rest };
  };
}
