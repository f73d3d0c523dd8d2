import { INSTALLERS_PLUGIN } from "../plugins.js";
import { summarySteps } from "../summary/job-summary.js";

/** fail: the job summary of the failed release (what failed, what to do), when this is the last of our plugins. */
export const fail = summarySteps(INSTALLERS_PLUGIN).fail;
