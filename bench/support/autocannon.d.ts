/** The part of autocannon's API bench:load uses (the package ships no types). */
declare module "autocannon" {
  interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  }
  interface AutocannonResult {
    requests: { average: number; total: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  }
  interface AutocannonInstance extends PromiseLike<AutocannonResult> {
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  }
  function autocannon(options: { url: string; connections: number; duration: number; requests?: AutocannonRequest[]; timeout?: number }): AutocannonInstance;
  export default autocannon;
}
