// Serves the alicloud-flink native provider. Exports nothing: a module exporting a ComponentResource
// would make the language host start a component provider instead.
require("pulumi-alicloud-flink/plugin");
