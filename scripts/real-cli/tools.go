//go:build tools

// Package tools pins the real `pulumi` CLI, built by scripts/build-cli for npm run test:cli.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
