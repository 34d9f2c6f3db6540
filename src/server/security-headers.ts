import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * helmet's headers with a Content-Security-Policy the console passes: its
 * scripts, styles and requests all come from this server (the favicon is a
 * data: URL), so nothing else may load and no page may frame it
 * (frame-ancestors 'none', X-Frame-Options DENY). HTTP stays HTTP: an
 * intranet install may have no TLS, so no upgrade-insecure-requests.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    // Sent only over HTTPS by browsers' rules; a proxy terminating TLS makes it count. No subdomains: the intranet has others.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
}
