/**
 * The statistics behind drift detection, matching scipy and Evidently numerically: the two-sample
 * Kolmogorov-Smirnov test and the finite-n Kolmogorov distributions, chi-square and Z tests,
 * PSI, Jensen-Shannon and Wasserstein distances, Evidently's binning, and the special functions
 * they need. Pure functions on primitive arrays.
 */
package dev.mlops.drift.stats;
