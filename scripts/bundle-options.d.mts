// Types of bundle-options.mjs for the TypeScript that imports it (tests and benchmarks that bundle like the build).
import type { BuildOptions } from 'esbuild';

export declare const root: string;
export declare const common: BuildOptions;
export declare const nodeCjs: BuildOptions & { banner: { js: string } };
