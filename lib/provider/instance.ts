import { FlinkConnectorProvider } from "./provider";

/**
 * The one provider instance every FlinkConnector shares. It is this module's whole `exports`,
 * so Pulumi's closure serializer captures it by reference, as
 * `require("pulumi-alicloud-flink/dist/lib/provider/instance.js")`, when the package is
 * installed in node_modules: `__provider` stays a few hundred bytes, holds no code and no
 * credential, and the provider host loads the installed package's code.
 */
const sharedProvider = new FlinkConnectorProvider();
export = sharedProvider;
