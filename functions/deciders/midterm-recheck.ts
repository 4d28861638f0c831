import { midtermDecider } from './midterm-review';

/** 中期整改复查: after a rectification, the office passes or terminates (a re-check does not rectify again). */
export const midtermRecheck = midtermDecider('midterm_recheck');
