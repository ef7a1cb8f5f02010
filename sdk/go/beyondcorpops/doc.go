// A Pulumi resource that cancels in-flight Google Cloud BeyondCorp long-running operations on update and destroy, and waits until each one is terminal.
package beyondcorpops
