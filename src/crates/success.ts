import { CRATES_PLUGIN } from "../plugins.js";
import { summarySteps } from "../summary/job-summary.js";

/** success: the job summary of the release, when this is the last of our plugins listed. */
export const success = summarySteps(CRATES_PLUGIN).success;
