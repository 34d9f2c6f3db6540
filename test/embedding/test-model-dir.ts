import path from "node:path";
import { projectRoot } from "../../src/config/app-config.js";

/**
 * Where the embedding tests find the model: MODEL_DIR if set (e.g. the shared
 * copy at /work/shared/models), else the project's `models/` folder, which
 * ensureModel fills from the npm registry on first use, as on a fresh clone or in CI.
 */
export const testModelDir = process.env.MODEL_DIR ? path.resolve(process.env.MODEL_DIR) : path.join(projectRoot, "models");
