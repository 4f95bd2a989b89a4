export declare const serverEnvFile: string;
