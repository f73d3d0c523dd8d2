import { describe, expect, it } from "vitest";
import { lodashImports } from "../../src/preview/analyzer-hooks.js";

describe("the analyzer thread's lodash-es hooks", () => {
  it("read the functions an importer names from lodash-es, across lines and files", () => {
    expect(lodashImports('import { isUndefined } from "lodash-es";\nconst x = 1;')).toEqual(["isUndefined"]);
    expect(lodashImports("import {\n  isMatchWith,\n  isString,\n} from 'lodash-es';")).toEqual([
      "isMatchWith",
      "isString",
    ]);
  });

  it("leave any other way of importing lodash-es to the whole package", () => {
    expect(lodashImports('import _ from "lodash-es";')).toBeUndefined();
    expect(lodashImports('import * as _ from "lodash-es";')).toBeUndefined();
    expect(lodashImports('import { isString as s } from "lodash-es";')).toBeUndefined();
    expect(
      lodashImports('import { isString } from "lodash-es";\nimport _ from "lodash-es";'),
    ).toBeUndefined();
    expect(lodashImports('import { x } from "lodash-es/fp";')).toBeUndefined();
    expect(lodashImports("const a = 1;")).toBeUndefined();
  });
});
