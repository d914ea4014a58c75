// A Stryker ignorer: the `Object.defineProperty(exports, "__esModule", { value: true })` line that tsc
// writes at the top of every CommonJS module is the compiler's, not ours; none of its mutants can
// change what our code does (nothing here imports these modules as ES modules' default exports).
import { PluginKind, declareValuePlugin } from "@stryker-mutator/api/plugin";

const isEsModuleMarker = (node) =>
  node.type === "ExpressionStatement" &&
  node.expression.type === "CallExpression" &&
  node.expression.callee.type === "MemberExpression" &&
  node.expression.callee.object.name === "Object" &&
  node.expression.callee.property.name === "defineProperty" &&
  node.expression.arguments[1]?.type === "StringLiteral" &&
  node.expression.arguments[1].value === "__esModule";

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, "esmodule-marker", {
    shouldIgnore(path) {
      return isEsModuleMarker(path.node) ? "tsc's CommonJS __esModule marker: not our behaviour" : undefined;
    },
  }),
];
