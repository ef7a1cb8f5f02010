// Command gen-sdk writes language SDKs for a Pulumi package schema, offline.
//
// It calls the same code generators that `pulumi package gen-sdk` reaches through the language hosts
// (pkg/codegen/{python,go,nodejs}.GeneratePackage of the pinned pkg/v3 release), without starting a
// language host or a provider plugin. Each language is written to <out>/<lang>, which is emptied first.
//
//	gen-sdk --schema schema.json --out sdk --lang python,go,nodejs
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"golang.org/x/mod/modfile"
)

// tool is the generator name written into each generated file's header.
const tool = "beyondcorp-ops gen-sdk"

type options struct {
	schemaPath string
	out        string
	langs      []string
	goSDK      string
	goModTidy  bool
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	var o options
	var langs string
	fs := flag.NewFlagSet("gen-sdk", flag.ContinueOnError)
	fs.StringVar(&o.schemaPath, "schema", "", "path to the package schema.json (required)")
	fs.StringVar(&o.out, "out", "sdk", "output directory; each language goes to <out>/<lang>")
	fs.StringVar(&langs, "lang", "python,go", "comma-separated languages: python, go, nodejs")
	fs.StringVar(&o.goSDK, "go-pulumi-sdk", "v3.259.0",
		"version of github.com/pulumi/pulumi/sdk/v3 required by the generated go.mod")
	fs.BoolVar(&o.goModTidy, "go-mod-tidy", true, "run `go mod tidy` in <out>/go to write go.sum")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.schemaPath == "" {
		return o, errors.New("--schema is required")
	}
	for _, l := range strings.Split(langs, ",") {
		switch l = strings.TrimSpace(l); l {
		case "python", "go", "nodejs":
			o.langs = append(o.langs, l)
		case "":
		default:
			return o, fmt.Errorf("unsupported language %q (want python, go or nodejs)", l)
		}
	}
	if len(o.langs) == 0 {
		return o, errors.New("--lang names no language")
	}
	return o, nil
}

func run(args []string) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(o.schemaPath)
	if err != nil {
		return err
	}
	for _, lang := range o.langs {
		// Bind afresh per language: the generators record their language info on the package.
		pkg, err := bind(raw)
		if err != nil {
			return fmt.Errorf("%s: %w", o.schemaPath, err)
		}
		files, err := generate(lang, pkg)
		if err != nil {
			return fmt.Errorf("generate %s: %w", lang, err)
		}
		dir := filepath.Join(o.out, lang)
		if lang == "go" {
			if err := pinGoSDK(files, o.goSDK); err != nil {
				return err
			}
		}
		if err := write(dir, files); err != nil {
			return err
		}
		if lang == "go" && o.goModTidy {
			if _, ok := files["go.mod"]; !ok {
				fmt.Fprintln(os.Stderr, "gen-sdk: no go.mod generated (set meta.supportPack in the schema); skipping go mod tidy")
			} else if err := goModTidy(dir); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "gen-sdk: wrote %d %s files to %s\n", len(files), lang, dir)
	}
	return nil
}

func bind(raw []byte) (*schema.Package, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	// Same options as `pulumi package gen-sdk` (pkg/cmd/pulumi/packages.BindSpec).
	pkg, diags, err := schema.BindSpec(spec, offlineLoader{}, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "gen-sdk: %s\n", d.Error())
	}
	if diags.HasErrors() {
		return nil, errors.New("schema has errors")
	}
	return pkg, nil
}

func generate(lang string, pkg *schema.Package) (map[string][]byte, error) {
	loader := schema.NewCachedLoader(offlineLoader{})
	switch lang {
	case "python":
		return pythongen.GeneratePackage(tool, pkg, nil, loader)
	case "go":
		return gogen.GeneratePackage(tool, pkg, nil)
	case "nodejs":
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, loader)
	}
	return nil, fmt.Errorf("unsupported language %q", lang)
}

// pinGoSDK makes the generated go.mod require the Pulumi Go SDK we build against; the generator
// hard-codes its own release's version.
func pinGoSDK(files map[string][]byte, version string) error {
	data, ok := files["go.mod"]
	if !ok {
		return nil
	}
	mod, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		return err
	}
	if err := mod.AddRequire("github.com/pulumi/pulumi/sdk/v3", version); err != nil {
		return err
	}
	files["go.mod"], err = mod.Format()
	return err
}

func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func goModTidy(dir string) error {
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod tidy in %s: %w", dir, err)
	}
	return nil
}

// offlineLoader refuses every external package: the schemas we generate from reference none, and
// loading one would mean booting (or downloading) its provider plugin.
type offlineLoader struct{}

func (offlineLoader) refuse(name string) error {
	return fmt.Errorf("schema references package %q; gen-sdk loads no external packages", name)
}

func (l offlineLoader) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(pkg)
}

func (l offlineLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}

func (l offlineLoader) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(pkg)
}

func (l offlineLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}
