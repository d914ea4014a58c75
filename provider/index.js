/* eslint-disable no-undef, @typescript-eslint/no-require-imports -- a CommonJS entry the Node.js language host requires */
// Serves the alicloud-flink native provider. Exports nothing: a module exporting a ComponentResource
// would make the language host start a component provider instead.
require("pulumi-alicloud-flink/plugin");
