// Guard in-flight BeyondCorp operations from Go: on `pulumi destroy`, the guard cancels each tracked
// operation and waits until it is terminal. Config (the same keys as examples/yaml and
// examples/python): operations (a list), endpoint (optional), accessToken (optional, secret).
package main

import (
	"github.com/beyondcorp-ops/beyondcorp-ops/sdk/go/beyondcorpops"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		var operations []string
		cfg.RequireObject("operations", &operations)

		args := &beyondcorpops.OperationCancellerArgs{
			Operations: pulumi.ToStringArray(operations),
			OnDelete:   beyondcorpops.OnDeleteCancel,
			Timeout:    pulumi.String("10m"),
		}
		if endpoint := cfg.Get("endpoint"); endpoint != "" {
			args.Endpoint = pulumi.String(endpoint)
		}
		if token, err := cfg.TrySecret("accessToken"); err == nil {
			args.AccessToken = token
		}
		guard, err := beyondcorpops.NewOperationCanceller(ctx, "guard", args)
		if err != nil {
			return err
		}
		ctx.Export("tracked", guard.TrackedOperations)
		ctx.Export("states", guard.OperationStates)
		return nil
	})
}
