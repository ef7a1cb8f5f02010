import { packageInfo } from "../core/package-info";

/** This package's version (so headers never carry a stale literal). */
export const PACKAGE_VERSION: string = packageInfo().version;

/** The `x-goog-api-client` header value sent with every API request. */
export const API_CLIENT_HEADER = `beyondcorp-ops/${PACKAGE_VERSION} gl-node/${process.versions.node}`;
