/** The repository (or installed package) root. */
export declare const ROOT: string;
/** The cached bundle of `entry` (an absolute path of a source file) if every file it was built from is unchanged, else null. */
export declare function freshBundle(entry: string): string | null;
/** Builds the bundle of `entry` into the cache and returns its path; null when it cannot be built or written. */
export declare function buildBundle(entry: string): Promise<string | null>;
/** The bundle of `entry`: the cached one if fresh, else a new one; null when none can be had. */
export declare function bundleOf(entry: string): Promise<string | null>;
