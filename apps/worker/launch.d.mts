/** Node's arguments for a worker process (see launch.mjs). */
export declare const workerNodeArgs: string[];
