import { spawn } from "node:child_process";
import { projectRoot } from "../../src/config/app-config.js";

/**
 * s3rver (an S3 emulator) in its own process on a free port of 127.0.0.1,
 * with one bucket: its own event loop, so a test's load on the replicas does
 * not slow the store they read from. Resolves once it listens.
 */
export async function startS3rver(directory: string, bucket: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const script = `
    import S3rver from "s3rver";
    const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: ${JSON.stringify(directory)}, configureBuckets: [{ name: ${JSON.stringify(bucket)}, configs: [] }] });
    const { port } = await server.run();
    process.stdout.write("port " + port + "\\n");
    process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      const match = /port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
