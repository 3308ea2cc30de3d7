// Filled by the simulation (issue 3) and kubectl emulation (issue 6) work.
export {};
