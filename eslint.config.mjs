import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**/node_modules/**", ".tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Command-line programs print to stdout.
    files: ["tests/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts", "lib/emulator/cli.ts", "lib/emulator/start-cli.ts", "lib/cli/**/*.ts"],
    rules: { "no-console": "off", "@typescript-eslint/no-unused-expressions": "off" },
  },
);
