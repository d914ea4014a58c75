import { FlinkUdfArtifactProvider } from "./udf-provider";

/**
 * The one provider instance every FlinkUdfArtifact shares, as this module's whole `exports`, so
 * that the closure serializer captures it as
 * `require("pulumi-alicloud-flink/dist/lib/provider/udf-instance.js")` (see instance.ts).
 */
const sharedUdfProvider = new FlinkUdfArtifactProvider();
export = sharedUdfProvider;
