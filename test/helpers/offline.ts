import { MockAgent, setGlobalDispatcher } from "undici";

/**
 * Nothing in the importing test file may reach a network: undici's global dispatcher becomes a
 * MockAgent that refuses every connection, so a request that missed its injected dispatcher fails
 * there instead of going out. Import it for its effect.
 */
const offline = new MockAgent();
offline.disableNetConnect();
setGlobalDispatcher(offline);
