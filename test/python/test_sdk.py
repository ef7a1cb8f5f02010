"""The generated Python SDK (sdk/python) under pulumi.runtime.set_mocks: no engine, no plugin.

What the mocks record is what the SDK would send the engine: the type token, the inputs by their
schema names, secrets, and enum values as plain strings. Run by test/integration/plugin-sdk-python.test.ts
with the python of a venv where sdk/python is pip-installed (the SDK reads its version from its
installed metadata, so PYTHONPATH=sdk/python alone fails at import):
    <venv>/bin/python -m unittest discover -s test/python
"""

import json
import pathlib
import runpy
import unittest

import pulumi

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema.json").read_text())
TOKEN = "beyondcorp-ops:index:OperationCanceller"
P = "projects/my-project/locations/global"


class Mocks(pulumi.runtime.Mocks):
    """Answers like the plugin's create: the tracked names, their states and a last run."""

    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.registered.append(args)
        names = [f"v1/{o}" for o in args.inputs.get("operations", [])]
        outs = dict(args.inputs)
        outs["trackedOperations"] = names
        outs["operationStates"] = {n: {"state": "PENDING", "cancelRequested": False} for n in names}
        outs["lastRun"] = {"action": "create", "at": "2026-01-01T00:00:00Z", "elapsedMs": 12.5,
                           "requests": 1, "outcomes": {}}
        outs["schemaVersion"] = 2
        return [f"{args.name}-id", outs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


mocks = Mocks()
pulumi.runtime.set_mocks(mocks, project="sdk-test", stack="dev", preview=False)

import pulumi_beyondcorp_ops as bcops  # noqa: E402  (after set_mocks, as Pulumi's docs do)


def registered(name: str) -> pulumi.runtime.MockResourceArgs:
    found = [r for r in mocks.registered if r.name == name]
    assert len(found) == 1, f"{name} registered {len(found)} times"
    return found[0]


def enum_values(name: str) -> list[str]:
    return [v["value"] for v in SCHEMA["types"][f"beyondcorp-ops:index:{name}"]["enum"]]


class EnumTest(unittest.TestCase):
    def test_every_schema_enum_has_its_values_as_members(self) -> None:
        for name in ("Outcome", "OnDelete", "OnCancelUnsupported", "ApiVersion"):
            with self.subTest(enum=name):
                self.assertEqual([m.value for m in getattr(bcops, name)], enum_values(name))

    def test_member_names_read_as_the_values(self) -> None:
        self.assertEqual(bcops.Outcome.ALREADY_DONE, "ALREADY_DONE")
        self.assertEqual(bcops.Outcome.TIMED_OUT.value, "TIMED_OUT")
        self.assertEqual(bcops.Outcome.CANCEL_UNSUPPORTED, "CANCEL_UNSUPPORTED")
        self.assertEqual(bcops.OnDelete.CANCEL, "cancel")
        self.assertEqual(bcops.OnCancelUnsupported.ABANDON, "abandon")
        self.assertEqual(bcops.ApiVersion.V1ALPHA, "v1alpha")
        self.assertEqual([m.name for m in bcops.Outcome], [v for v in enum_values("Outcome")])


class OperationCancellerTest(unittest.TestCase):
    @pulumi.runtime.test
    def test_inputs_reach_the_engine_by_their_schema_names(self):
        guard = bcops.OperationCanceller(
            "named",
            operations=[f"{P}/operations/op-1"],
            watches=[bcops.WatchArgs(parent=P, targets=[f"{P}/securityGateways/gw"], filter='verb="update"')],
            on_delete=bcops.OnDelete.WAIT,
            on_cancel_unsupported=bcops.OnCancelUnsupported.FAIL,
            fail_on=[bcops.Outcome.TIMED_OUT, bcops.Outcome.FAILED],
            api_version=bcops.ApiVersion.V1ALPHA,
            poll_initial_delay="100ms",
            poll_multiplier=1.5,
            timeout="5m",
        )

        def check(_):
            r = registered("named")
            self.assertEqual(r.typ, TOKEN)
            self.assertEqual(set(r.inputs), {"operations", "watches", "onDelete", "onCancelUnsupported", "failOn",
                                             "apiVersion", "pollInitialDelay", "pollMultiplier", "timeout"})
            self.assertEqual(set(r.inputs), set(r.inputs) & set(SCHEMA["resources"][TOKEN]["inputProperties"]))
            self.assertEqual(r.inputs["watches"], [{"parent": P, "targets": [f"{P}/securityGateways/gw"],
                                                    "filter": 'verb="update"'}])
            self.assertEqual(r.inputs["onDelete"], "wait")
            self.assertEqual(r.inputs["onCancelUnsupported"], "fail")
            self.assertEqual(r.inputs["failOn"], ["TIMED_OUT", "FAILED"])
            self.assertEqual(r.inputs["apiVersion"], "v1alpha")
            self.assertEqual(r.inputs["pollMultiplier"], 1.5)

        return guard.urn.apply(check)

    @pulumi.runtime.test
    def test_watch_args_as_a_dict_too(self):
        guard = bcops.OperationCanceller("dict", watches=[{"parent": P, "targets": ["t"]}])
        return guard.urn.apply(
            lambda _: self.assertEqual(registered("dict").inputs["watches"], [{"parent": P, "targets": ["t"]}]))

    @pulumi.runtime.test
    def test_outputs_are_typed(self):
        guard = bcops.OperationCanceller("typed", operations=[f"{P}/operations/op-2"])
        name = f"v1/{P}/operations/op-2"

        # Each output on its own: Output.all would rebuild output types as plain dicts.
        async def check():
            self.assertEqual(await guard.tracked_operations.future(), [name])
            states = await guard.operation_states.future()
            self.assertIsInstance(states[name], bcops.outputs.OperationState)
            self.assertEqual(states[name].state, "PENDING")
            self.assertIs(states[name].cancel_requested, False)
            last = await guard.last_run.future()
            self.assertIsInstance(last, bcops.outputs.LastRun)
            self.assertEqual((last.action, last.elapsed_ms, last.requests), ("create", 12.5, 1))
            self.assertEqual(await guard.schema_version.future(), 2)

        return pulumi.Output.from_input(check())

    @pulumi.runtime.test
    def test_credentials_and_access_token_are_secret_outputs(self):
        guard = bcops.OperationCanceller("secret", operations=[f"{P}/operations/op-3"],
                                         access_token="ya29.mock-token", credentials='{"type":"x"}')

        async def check():
            for out in (guard.access_token, guard.credentials):
                self.assertTrue(await out.is_secret(), "a secret input comes back as a secret output")
            self.assertFalse(await guard.tracked_operations.is_secret())
            self.assertEqual(await guard.access_token.future(), "ya29.mock-token")

        return pulumi.Output.from_input(check())

    @pulumi.runtime.test
    def test_the_example_program(self):
        pulumi.runtime.set_config("sdk-test:operations", json.dumps([f"{P}/operations/ex-1"]))
        pulumi.runtime.set_config("sdk-test:accessToken", "ya29.example-token")
        exported = runpy.run_path(str(ROOT / "examples/python/__main__.py"))
        guard = exported["guard"]

        async def check():
            self.assertEqual(await guard.tracked_operations.future(), [f"v1/{P}/operations/ex-1"])
            self.assertTrue(await guard.access_token.is_secret())
            r = registered("guard")
            self.assertEqual(r.typ, TOKEN)
            self.assertEqual(r.inputs["operations"], [f"{P}/operations/ex-1"])
            self.assertEqual(r.inputs["onDelete"], "cancel")
            self.assertEqual(r.inputs["timeout"], "10m")

        return pulumi.Output.from_input(check())


if __name__ == "__main__":
    unittest.main()
