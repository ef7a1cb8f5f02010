// Plain JavaScript on purpose: ts-node's compile time would dilute the ratio in our favour.
const pulumi = require("@pulumi/pulumi");
const { OperationCanceller } = require("beyondcorp-ops");

const config = new pulumi.Config();
new OperationCanceller("guard", {
  operations: [config.require("operation")],
  endpoint: config.require("endpoint"),
  accessToken: config.requireSecret("accessToken"),
});
