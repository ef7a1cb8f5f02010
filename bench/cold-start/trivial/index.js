// The baseline: a dynamic resource whose provider does nothing.
const pulumi = require("@pulumi/pulumi");

const provider = {
  async create() {
    return { id: "trivial", outs: {} };
  },
  async delete() {},
};
new pulumi.dynamic.Resource(provider, "trivial", {});
