// Command gen-sdk generates the Python, Go and Node.js SDKs of the alicloud-flink native provider
// from its schema, with Pulumi's own code generators (the same ones `pulumi package gen-sdk` runs).
//
//	go run . <schema.json> <out-dir>           writes <out-dir>/{python,go,nodejs}
//	go run . -check <schema.json> <out-dir>    exits 1, naming each file, when the committed SDKs differ
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-alicloud-flink gen-sdk"

// noLoader refuses every other package: the schema references none.
type noLoader struct{}

var errNoPackages = errors.New("the alicloud-flink schema references no other package")

func (noLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoPackages
}
func (noLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}
func (noLoader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}
func (noLoader) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoPackages
}

// bind reads and binds the schema afresh: each generator imports its language section into the package.
func bind(path string) (*schema.Package, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return pkg, nil
}

func generate(schemaPath string) (map[string][]byte, error) {
	all := map[string][]byte{}
	gens := map[string]func(*schema.Package) (map[string][]byte, error){
		"python": func(p *schema.Package) (map[string][]byte, error) {
			return pythongen.GeneratePackage(tool, p, nil, noLoader{})
		},
		"go": func(p *schema.Package) (map[string][]byte, error) { return gogen.GeneratePackage(tool, p, nil) },
		"nodejs": func(p *schema.Package) (map[string][]byte, error) {
			return nodejsgen.GeneratePackage(tool, p, nil, nil, false, noLoader{})
		},
	}
	for lang, gen := range gens {
		pkg, err := bind(schemaPath)
		if err != nil {
			return nil, err
		}
		files, err := gen(pkg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lang, err)
		}
		for name, content := range files {
			all[filepath.Join(lang, name)] = content
		}
	}
	if err := pinGoModule(all); err != nil {
		return nil, fmt.Errorf("go: %w", err)
	}
	return all, nil
}

const pulumiSDK = "github.com/pulumi/pulumi/sdk/v3"

// generatorSDKVersion is the Pulumi Go SDK this generator was built with (scripts/gen-sdk/go.sum pins it).
func generatorSDKVersion() (string, error) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", errors.New("no build information")
	}
	for _, d := range info.Deps {
		if d.Path == pulumiSDK {
			return d.Version, nil
		}
	}
	return "", fmt.Errorf("%s is not a dependency of the generator", pulumiSDK)
}

// pinGoModule replaces the Go SDK's go.mod (which asks for whatever minimum the code generator
// hard-codes) with one that requires the generator's own Pulumi SDK, tidied, and adds its go.sum:
// `go get` of the SDK then resolves exactly the modules this repository builds and tests with.
func pinGoModule(files map[string][]byte) error {
	version, err := generatorSDKVersion()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "gen-sdk-go-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for name, content := range files {
		rel, ok := strings.CutPrefix(name, "go"+string(filepath.Separator))
		if !ok {
			continue
		}
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	for _, args := range [][]string{{"mod", "edit", "-require=" + pulumiSDK + "@" + version}, {"mod", "tidy"}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		content, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		files[filepath.Join("go", name)] = content
	}
	return nil
}

// committed lists the files under dir/<lang> for each generated language.
func committed(dir string) (map[string]bool, error) {
	found := map[string]bool{}
	for _, lang := range []string{"python", "go", "nodejs"} {
		root := filepath.Join(dir, lang)
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(dir, path)
				found[rel] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return found, nil
}

func main() {
	check := flag.Bool("check", false, "compare with the files in <out-dir> instead of writing them")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen-sdk [-check] <schema.json> <out-dir>")
		os.Exit(2)
	}
	schemaPath, out := flag.Arg(0), flag.Arg(1)
	files, err := generate(schemaPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdk:", err)
		os.Exit(1)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	have, err := committed(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen-sdk:", err)
		os.Exit(1)
	}
	if *check {
		var stale []string
		for _, n := range names {
			old, err := os.ReadFile(filepath.Join(out, n))
			if err != nil || !bytes.Equal(old, files[n]) {
				stale = append(stale, n+" differs or is missing")
			}
			delete(have, n)
		}
		for n := range have {
			stale = append(stale, n+" is not generated any more")
		}
		sort.Strings(stale)
		if len(stale) > 0 {
			fmt.Fprintf(os.Stderr, "The committed SDKs do not match the schema; run `npm run gen-sdk` and commit:\n  %s\n", joinLines(stale))
			os.Exit(1)
		}
		fmt.Printf("The committed SDKs match the schema (%d files).\n", len(names))
		return
	}
	for n := range have {
		if _, ok := files[n]; !ok {
			_ = os.Remove(filepath.Join(out, n))
		}
	}
	for _, n := range names {
		path := filepath.Join(out, n)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gen-sdk:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(path, files[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen-sdk:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("Wrote %d files under %s.\n", len(names), out)
}

func joinLines(lines []string) string {
	var b bytes.Buffer
	for i, l := range lines {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(l)
	}
	return b.String()
}
