// js-yaml (in node_modules through cosmiconfig) ships no types; the tests only parse.
declare module "js-yaml" {
  /** Parses one YAML document. */
  export function load(text: string): unknown;
  const yaml: { load: typeof load };
  export default yaml;
}
