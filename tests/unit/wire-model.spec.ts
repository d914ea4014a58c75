import { expect } from "chai";
import { ShapeError, parseConnectors, parseTables, toConnector, toProperty } from "../../lib/client/wire-model";

/** Answers as they may really come: fields missing or null, booleans as strings, wrong types. */
describe("the wire model: every answer read as the documented model, or refused", () => {
  const minimal = { name: "acme", type: "acme" };

  it("fills every missing or null descriptive field with its empty value", () => {
    const c = toConnector({ ...minimal, source: null, supportedFormats: null, creator: null });
    expect(c).to.deep.equal({
      name: "acme",
      type: "acme",
      source: false,
      sink: false,
      lookup: false,
      supportedFormats: [],
      dependencies: [],
      properties: [],
      creator: "",
      creatorName: "",
      modifier: "",
      modifierName: "",
    });
  });

  it("reads booleans sent as the strings true and false", () => {
    expect(toConnector({ ...minimal, source: "true", sink: "false", lookup: true })).to.deep.include({
      source: true,
      sink: false,
      lookup: true,
    });
  });

  it("reads a property, with its own defaults and string booleans", () => {
    expect(toProperty({ key: "url", required: "true", sensitive: null })).to.deep.equal({
      key: "url",
      defaultValue: "",
      description: "",
      required: true,
      definesFormat: false,
      sensitive: false,
    });
  });

  const refused: Array<[string, unknown, RegExp]> = [
    ["a connector without a name", { type: "x" }, /connector\.name is missing or empty/],
    ["a connector with an empty type", { name: "x", type: "" }, /connector\.type is missing or empty/],
    ["a number for a name", { name: 7, type: "x" }, /connector\.name is number, not a string/],
    ["a boolean that is neither", { ...minimal, sink: "yes" }, /connector\.sink is string, not a boolean/],
    ["a boolean as a number", { ...minimal, sink: 1 }, /connector\.sink is number, not a boolean/],
    ["a list that is not a list", { ...minimal, dependencies: "a.jar" }, /connector\.dependencies is string, not an array/],
    ["a list holding a number", { ...minimal, supportedFormats: ["json", 3] }, /connector\.supportedFormats\[1\] is number, not a string/],
    [
      "a property without a key",
      { ...minimal, properties: [{ defaultValue: "x" }] },
      /connector\.properties\[0\]\.key is missing or empty/,
    ],
    ["a property that is not an object", { ...minimal, properties: ["url"] }, /connector\.properties\[0\] is string, not an object/],
    ["an array for a connector", [minimal], /connector is an array, not an object/],
    ["null for a connector", null, /connector is null, not an object/],
  ];
  for (const [what, raw, message] of refused) {
    it(`refuses ${what}`, () => expect(() => toConnector(raw)).to.throw(ShapeError, message));
  }

  it("reads data of null or absent as empty, and refuses data that is not a list", () => {
    expect(parseConnectors(null)).to.deep.equal([]);
    expect(parseConnectors(undefined)).to.deep.equal([]);
    expect(() => parseConnectors({ name: "x" })).to.throw(ShapeError, /data is object, not an array/);
    expect(() => parseConnectors("[]")).to.throw(ShapeError, /data is string, not an array/);
  });

  it("reads every field it is given, under its own name", () => {
    const c = toConnector({
      ...minimal,
      properties: [{ key: "url", defaultValue: "jdbc:x", description: "the URL", required: true, definesFormat: true, sensitive: true }],
      creatorName: "alice",
    });
    expect(c.properties).to.deep.equal([
      { key: "url", defaultValue: "jdbc:x", description: "the URL", required: true, definesFormat: true, sensitive: true },
    ]);
    expect(parseTables([{ catalogName: "vvp", databaseName: "db", tableName: "t" }])).to.deep.equal([
      { catalogName: "vvp", databaseName: "db", tableName: "t" },
    ]);
    expect(parseConnectors([minimal, { name: "b", type: "b" }]).map((x) => x.name)).to.deep.equal(["acme", "b"]);
  });

  it("names where in the answer it found what it refuses", () => {
    const e = (() => {
      try {
        parseConnectors([minimal, { type: "x" }]);
      } catch (x) {
        return x as Error;
      }
      return undefined;
    })();
    expect(e?.name).to.equal("ShapeError");
    expect(e?.message).to.equal("data[1].name is missing or empty");
    expect(() => toProperty({})).to.throw(ShapeError, /^property\.key is missing or empty$/);
  });

  it("refuses a list that names a connector twice", () => {
    expect(() => parseConnectors([minimal, minimal])).to.throw(ShapeError, /names connector "acme" twice/);
  });

  it("reads tables with missing names as empty, and refuses a table that is not an object", () => {
    expect(parseTables([{ catalogName: "vvp", tableName: null }])).to.deep.equal([{ catalogName: "vvp", databaseName: "", tableName: "" }]);
    expect(() => parseTables([3])).to.throw(ShapeError, /data\[0\] is number, not an object/);
    expect(() => parseTables([{ tableName: 3 }])).to.throw(ShapeError, /data\[0\]\.tableName is number, not a string/);
  });
});
