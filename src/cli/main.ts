#!/usr/bin/env node
import { runAsProcess } from "./shell";

// The thin shell: this process, wired to the CLI (cli/shell.ts, cli/run.ts).
void runAsProcess(process);
