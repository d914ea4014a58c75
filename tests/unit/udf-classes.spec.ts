import { expect } from "chai";
import { buildUdfJar } from "../../lib/emulator/fixtures/udf-jar";
import { readUdfJar } from "../../lib/jar/udf-classes";

describe("UDF classes read from a JAR", () => {
  it("every base, directly and through the JAR's abstract classes; abstract, package-private and plain classes left out", () => {
    const r = readUdfJar(
      buildUdfJar({
        classes: [
          { className: "a.Scalar", base: "ScalarFunction" },
          { className: "a.Table", base: "TableFunction" },
          { className: "a.Agg", base: "AggregateFunction" },
          { className: "a.TableAgg", base: "TableAggregateFunction" },
          { className: "a.AsyncScalar", base: "AsyncScalarFunction" },
          { className: "a.AsyncTable", base: "AsyncTableFunction" },
          { className: "a.Base", base: "ScalarFunction", abstract: true },
          { className: "a.Mid", extends: "a.Base", abstract: true },
          { className: "a.Deep", extends: "a.Mid" },
          { className: "a.Hidden", base: "ScalarFunction", notPublic: true },
          { className: "a.Plain" },
          { className: "a.Outer$Inner", base: "ScalarFunction" },
        ],
      }),
    );
    expect(r.classes).to.deep.equal([
      { className: "a.Agg", classType: "AggregateFunction" },
      { className: "a.AsyncScalar", classType: "AsyncScalarFunction" },
      { className: "a.AsyncTable", classType: "AsyncTableFunction" },
      { className: "a.Deep", classType: "ScalarFunction" },
      { className: "a.Outer$Inner", classType: "ScalarFunction" },
      { className: "a.Scalar", classType: "ScalarFunction" },
      { className: "a.Table", classType: "TableFunction" },
      { className: "a.TableAgg", classType: "TableAggregateFunction" },
    ]);
    expect(r.unknown).to.deep.equal([]);
  });

  it("a chain that leaves the JAR by another class is unknown, never guessed; the JDK's and Flink's known ones end it", () => {
    const r = readUdfJar(
      buildUdfJar({
        classes: [
          { className: "a.Lib", extends: "org.example.lib.Base" },
          { className: "a.Thread", extends: "java.lang.Thread" },
          { className: "a.Raw", extends: "org.apache.flink.table.functions.UserDefinedFunction" },
          { className: "a.Temporal", extends: "org.apache.flink.table.functions.TemporalTableFunction" },
          { className: "a.Other", extends: "org.apache.flink.table.functions.SomethingNew" },
        ],
      }),
    );
    expect(r.classes).to.deep.equal([{ className: "a.Temporal", classType: "TableFunction" }]);
    expect(r.unknown).to.deep.equal([
      { className: "a.Lib", outside: "org.example.lib.Base" },
      { className: "a.Other", outside: "org.apache.flink.table.functions.SomethingNew" },
    ]);
  });

  it("a loop of super classes (a hostile file) ends, and is no UDF", () => {
    const r = readUdfJar(
      buildUdfJar({
        classes: [
          { className: "a.X", extends: "a.Y" },
          { className: "a.Y", extends: "a.X" },
        ],
      }),
    );
    expect(r.classes).to.deep.equal([]);
  });
});
