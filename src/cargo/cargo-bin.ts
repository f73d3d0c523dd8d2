/** The cargo executable: `$CARGO` from the context's environment when set, else `cargo` from its PATH. */
export const cargoBin = (env: NodeJS.ProcessEnv): string => env.CARGO || "cargo";
