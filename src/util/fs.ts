import { access } from "node:fs/promises";

/** True when the path exists (file or folder). */
export const fileExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
