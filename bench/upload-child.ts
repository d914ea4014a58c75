/**
 * One upload of a JAR through the platform, in a process of its own so that its peak RSS is the
 * upload's: what check reads (the file, its SHA-256, the JAR report) and what create sends
 * (GetPreSignedUrlForPutObject, one PUT). Prints one JSON line. Args: endpoint keyId secret jar.
 */
import { readConnectorJar } from "../lib/jar/read-jar";
import { readJarFile, uploadName } from "../lib/provider/jar-file";
import { FlinkConnectorService } from "../lib/service/connector-service";

async function main(): Promise<void> {
  const [endpoint, accessKeyId, accessKeySecret, jar] = process.argv.slice(2);
  const rss = (): number => process.resourceUsage().maxRSS / 1024;
  const base = rss();
  let t = process.hrtime.bigint();
  const read = await readJarFile(jar);
  const report = readConnectorJar(read.bytes);
  const checkMs = Number(process.hrtime.bigint() - t) / 1e6;
  const svc = new FlinkConnectorService({ endpoint, credentials: { accessKeyId, accessKeySecret }, rateMemory: false });
  t = process.hrtime.bigint();
  const up = await svc.uploadJar({ workspaceId: "bench", namespaceName: "default-namespace" }, uploadName(jar, read.sha256), read.bytes);
  const uploadMs = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(
    JSON.stringify({
      bytes: up.bytes,
      checkMs,
      uploadMs,
      puts: up.puts,
      calls: svc.apiCalls,
      connectors: report.connectors.length,
      baseMiB: base,
      peakMiB: rss(),
    }),
  );
}

void main();
