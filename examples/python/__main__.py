"""Guard in-flight BeyondCorp operations from Python.

On `pulumi destroy`, the guard cancels each tracked operation and waits until it is terminal.
Config (the same keys as examples/yaml and examples/go): operations (a list), endpoint (optional),
accessToken (optional, secret).
"""

import pulumi
import pulumi_beyondcorp_ops as bcops

config = pulumi.Config()

guard = bcops.OperationCanceller(
    "guard",
    operations=config.require_object("operations"),
    endpoint=config.get("endpoint"),
    access_token=config.get_secret("accessToken"),
    on_delete=bcops.OnDelete.CANCEL,
    timeout="10m",
)

pulumi.export("tracked", guard.tracked_operations)
pulumi.export("states", guard.operation_states)
