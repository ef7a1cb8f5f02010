#!/usr/bin/env node
/**
 * `pulumi-resource-beyondcorp-ops`: the provider plugin. The engine starts it with its own address
 * as the argument and reads the port we serve on from stdout (`@pulumi/pulumi/provider`'s main).
 * What it does is start.ts's, on this process.
 */
import { startPlugin } from "./start";

startPlugin(process);
