// Chromium resolves only 127.0.0.1 here (see the host-resolver rule), so the app is addressed by IP.
export const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${port}`;
