import { expect } from "chai";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO } from "../support/consumer";

describe("npm run demo", function () {
  this.timeout(180_000);

  it("takes the example through preview, up, upgrade, refresh and destroy, and exits 0", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, "dist", "scripts", "demo.js")], {
      cwd: REPO,
      env: { ...process.env, CI: "true" },
    });
    const steps = stdout.split("\n$ ").map((s) => s.split("\n")[0]);
    expect(steps.slice(1).map((s) => s.split(/\s{2,}/)[0])).to.deep.equal([
      "alicloud-flink inspect-jar <JAR>",
      "pulumi preview",
      "pulumi up",
      "pulumi config set sinkVersion 1.3.0 && pulumi up",
      "pulumi refresh",
      "pulumi up",
      "pulumi destroy",
    ]);
    // What the platform registers from each example JAR, read from the JARs themselves.
    expect(stdout).to.match(
      /acme-kafka-bundle-1\.0\.jar registers 2 connectors:\n +NAME.*\n +acme-kafka +yes +yes +no\n +acme-upsert-kafka +yes +yes +no/,
    );
    expect(stdout).to.match(/acme-formats-1\.0\.jar registers no connector\./);
    expect(stdout).to.match(/\+ {2}acme-sink +created/);
    expect(stdout).to.match(/~ {2}acme-sink +updated +re-registered from \S+acme-sink-1\.3\.0\.jar/);
    expect(stdout).to.match(/- {2}acme-source +deleted +gone from the platform/);
    // One declaration owns both connectors of the Kafka-style JAR: refresh sees one go, the next up brings it back.
    expect(stdout).to.match(/~ {2}acme-kafka +drifted +only acme-kafka is left; the next up registers the JAR again/);
    expect(stdout).to.match(/~ {2}acme-kafka +updated +registered \S+acme-kafka-bundle-1\.0\.jar again: acme-kafka, acme-upsert-kafka/);
    expect(stdout).to.match(/Remaining connectors in default-namespace: 0\./);
  });
});
